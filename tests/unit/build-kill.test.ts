// Interrupting build-data can never leave the served folder incomplete, mixed or leaking. The real binary is killed
// with SIGKILL (no handler can run) at exact moments — while parsing, while writing a FlatGeobuf, after the new
// release is in place but before the pointer moves, and with the new pointer made but not yet renamed — chosen with
// the fault-injection variable TENGLONG_TEST_PAUSE_AT (scripts/pipeline/store.ts). After each kill:
//   - the served folder resolves to one complete build, the previous one (every file its manifests list is there and
//     readable, feature counts as listed, its source hash that of the first build);
//   - no file outside internal/ carries a confidential field or a firm's credit code;
//   - nothing but the data link exists beside the served folder;
// and the next ordinary run removes what the killed one left and publishes the new build.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSample } from '../../scripts/sample/generate.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import { CONFIDENTIAL_FIELDS } from '../../src/lib/data/public-fields.ts';
import { runCli } from './helpers/run-cli.ts';
import { archiveProperties } from '../../scripts/pipeline/pmtiles-node-source.ts';

const BIN = fileURLToPath(new URL('../../bin/tenglong.mjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'tenglong-kill-'));
const v1 = join(root, 'v1');
const v2 = join(root, 'v2');
const web = join(root, 'web');
const out = join(web, 'data');
const store = join(root, 'store');
let creditCodes: string[] = [];

function manifest(dir: 'public' | 'internal'): { source_hash: string; layers: Record<string, { file: string; count: number }>; files: string[] } {
  return JSON.parse(readFileSync(join(out, dir, 'manifest.json'), 'utf8'));
}

/** Every file under dir, as paths relative to it (following the data link). */
function walk(dir: string): string[] {
  const files: string[] = [];
  const visit = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) visit(p);
      else files.push(relative(dir, p));
    }
  };
  visit(dir);
  return files;
}

function keysDeep(v: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(v)) for (const x of v) keysDeep(x, into);
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      into.add(k);
      keysDeep(x, into);
    }
  }
  return into;
}

/** The served folder holds one complete build and nothing confidential outside internal/. Returns its source hash. */
async function assertServedTreeSound(): Promise<string> {
  expect(readdirSync(web)).toEqual(['data']);
  const release = realpathSync(out);
  expect(relative(store, release).startsWith('releases/')).toBe(true);
  const pub = manifest('public');
  const int = manifest('internal');
  expect(int.source_hash).toBe(pub.source_hash);
  for (const [dir, m] of [['public', pub], ['internal', int]] as const) {
    for (const f of m.files) expect(existsSync(join(out, dir, f)), `${dir}/${f}`).toBe(true);
    for (const [name, layer] of Object.entries(m.layers)) {
      const feats = readAllFgb(new Uint8Array(readFileSync(join(out, dir, layer.file))));
      expect(feats.length, `${dir}/${name}`).toBe(layer.count);
    }
  }
  for (const f of walk(out).filter((p) => !p.startsWith('internal/'))) {
    const bytes = readFileSync(join(out, f));
    // A tile archive is gzipped tiles: its features' properties are what a reader gets, so those are checked.
    const tileProps = f.endsWith('.pmtiles') ? await archiveProperties(join(out, f)) : null;
    const text = tileProps ? JSON.stringify(tileProps) : bytes.toString('latin1');
    for (const code of creditCodes) expect(text.includes(code), `${f} holds credit code ${code}`).toBe(false);
    const keys = tileProps
      ? keysDeep(tileProps, new Set())
      : f.endsWith('.fgb')
        ? keysDeep(readAllFgb(new Uint8Array(bytes)).map((x) => x.properties), new Set())
        : keysDeep(JSON.parse(bytes.toString('utf8')), new Set());
    for (const k of CONFIDENTIAL_FIELDS) expect(keys.has(k), `${f} has confidential field ${k}`).toBe(false);
  }
  return pub.source_hash;
}

/** Starts build-data of v2 paused at `point`, waits for the pause, kills the whole process group with SIGKILL. */
async function killAt(point: string): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'build-data', '--src', v2, '--out', out, '--store', store], {
    detached: true,
    env: { ...process.env, TENGLONG_TEST_PAUSE_AT: point },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(`paused at ${point}`)) resolve();
    });
    child.on('exit', () => reject(new Error(`build-data ended before pausing at ${point}:\n${stderr}`)));
  });
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}

let firstHash = '';

beforeAll(async () => {
  await writeSample(v1, { parcels: 3000 });
  await writeSample(v2, { parcels: 3000, seed: 7 });
  creditCodes = [v1, v2].flatMap((d) =>
    (JSON.parse(readFileSync(join(d, 'enterprises.json'), 'utf8')) as { enterprises: { credit_code: string }[] }).enterprises.map((e) => e.credit_code),
  );
  expect(creditCodes.length).toBeGreaterThan(1000);
  const r = runCli(['build-data', '--src', v1, '--out', out, '--store', store]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  firstHash = await assertServedTreeSound();
}, 300_000);

describe('build-data killed with SIGKILL', () => {
  for (const point of ['parse', 'write-fgb', 'release', 'swap']) {
    it(`at "${point}": the previous build stays served, whole, and nothing leaks`, async () => {
      await killAt(point);
      expect(await assertServedTreeSound()).toBe(firstHash);
      // What the killed build left is in the store only (its temporary folder, maybe its finished release or link).
      const leftovers = readdirSync(store).filter((n) => n.startsWith('tmp-') || n.startsWith('current.next-'));
      if (point !== 'release') expect(leftovers.length).toBeGreaterThan(0);
    }, 300_000);
  }

  it('the next run removes the leftovers and publishes the new build', async () => {
    const r = runCli(['build-data', '--src', v2, '--out', out, '--store', store]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/removed what an interrupted build left: .*(tmp|current\.next)-\d+/);
    const hash = await assertServedTreeSound();
    expect(hash).not.toBe(firstHash);
    expect(readdirSync(store).filter((n) => n.startsWith('tmp-') || n.startsWith('current.next-'))).toEqual([]);
    // The live release and the one before are kept, nothing older.
    expect(readdirSync(join(store, 'releases')).length).toBeLessThanOrEqual(2);
    expect(existsSync(join(store, 'lock'))).toBe(false);
  }, 300_000);

  it('a leftover data.tmp-<pid> beside the served folder (from an older version) is removed by the next run', async () => {
    const stray = join(web, 'data.tmp-12345', 'internal');
    mkdirSync(stray, { recursive: true });
    writeFileSync(join(stray, 'parcels.json'), '{"grade":"A"}');
    const r = runCli(['build-data', '--src', v1, '--out', out, '--store', store]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(web)).toEqual(['data']);
    await assertServedTreeSound();
  }, 300_000);
});
