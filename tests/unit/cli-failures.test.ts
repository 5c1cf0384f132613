// What ends a command from outside the input — the JavaScript heap running out, a full disk, the reading end of a
// pipe closing — ends it with one clear line on stderr, never a stack trace, and a build that ends so publishes
// nothing: the served folder keeps the previous complete build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSample } from '../../scripts/sample/generate.ts';
import { runCli } from './helpers/run-cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'tenglong.mjs');
const root = mkdtempSync(join(tmpdir(), 'tenglong-fail-'));
const src = join(root, 'src');
const STACK = /^\s+at |node:internal|FATAL ERROR|<--- /m;

/** stderr lines that are not the build's own progress or reject lines. */
const lastLines = (stderr: string) => stderr.trim().split('\n').filter((l) => !l.startsWith('rejected: '));

function sh(script: string, env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 1 << 28, timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function manifestHash(out: string): string {
  return (JSON.parse(readFileSync(join(out, 'public', 'manifest.json'), 'utf8')) as { source_hash: string }).source_hash;
}

/** Can this machine give a process a tiny file system of its own (root, or an unprivileged user namespace)? */
function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'tenglong-mnt-probe-'));
  return sh(`unshare -rm sh -c 'mount -t tmpfs -o size=1m tmpfs "${dir}"' 2>/dev/null || unshare -m sh -c 'mount -t tmpfs -o size=1m tmpfs "${dir}"' 2>/dev/null`).code === 0;
}

beforeAll(async () => {
  await writeSample(src, { parcels: 3000 });
}, 120_000);

describe('ends with one line', () => {
  it('out of memory during build-data: one line, exit 1, the previous build still served', () => {
    const out = join(root, 'oom', 'data');
    const store = join(root, 'oom', 'store');
    expect(runCli(['build-data', '--src', src, '--out', out, '--store', store]).code).toBe(0);
    const before = manifestHash(out);
    // The same county with a register of 400 000 firms (≈ 100 MB of JSON, read whole: the side files are small in a
    // real county) under a 64 MB heap: the layers stream through, then reading the firms cannot fit.
    const big = join(root, 'big-src');
    mkdirSync(big, { recursive: true });
    for (const f of readdirSync(src)) copyFileSync(join(src, f), join(big, f));
    const firm = (i: number) => JSON.stringify({ id: `X-${i}`, name: `示例企业 ${i}`, above_scale: true, tax_10k: i % 997, value_added_10k: i % 4001, employees: i % 300 });
    writeFileSync(join(big, 'enterprises.json'), `{"enterprises":[${Array.from({ length: 400_000 }, (_, i) => firm(i)).join(',\n')}]}`);
    const r = sh(`node "${BIN}" build-data --src "${big}" --out "${out}" --store "${store}"`, { TENGLONG_HEAP_MB: '64' });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    const lines = lastLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tenglong: out of memory while running build-data — nothing was published; the previous data stays in place\. Give Node more memory/);
    expect(manifestHash(out)).toBe(before);
  }, 300_000);

  it('a pipe closed by head: check --json | head -1 prints one parcel and at most one line on stderr', () => {
    const r = sh(`node "${BIN}" check "${join(src, 'parcels.geojson')}" --json | head -1`);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toHaveProperty('findings');
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr.trim().split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
  }, 300_000);

  it('output to a full disk (/dev/full): one line, exit 1', () => {
    const r = sh(`node "${BIN}" check "${join(src, 'parcels.geojson')}" --json > /dev/full`);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr.trim()).toBe('tenglong: cannot write the output (the disk is full)');
  }, 300_000);

  it.runIf(process.platform === 'linux' && canMountTmpfs())('a build store on a full disk: one line, exit 1, the previous build still served, nothing left behind', () => {
    // The store lives on an 8 MB tmpfs of its own (a mount namespace, gone with the process): big enough for one
    // build of the sample county, too small for a second one beside it.
    const mnt = join(root, 'small-disk');
    const out = join(root, 'full', 'data');
    mkdirSync(mnt, { recursive: true });
    mkdirSync(join(root, 'full'), { recursive: true });
    const script = `
      set -u
      mount -t tmpfs -o size=8m tmpfs "${mnt}" || exit 90
      node "${BIN}" build-data --src "${src}" --out "${out}" --store "${mnt}/store" >/dev/null 2>"${root}/first.err" || { cat "${root}/first.err" >&2; exit 91; }
      cp "${out}/public/manifest.json" "${root}/before.json"
      node "${BIN}" build-data --src "${src}" --out "${out}" --store "${mnt}/store" --force >/dev/null
      echo "exit=$?" >&2
      cp "${out}/public/manifest.json" "${root}/after.json"
      ls "${mnt}/store" > "${root}/store.txt"
    `;
    writeFileSync(join(root, 'full.sh'), script);
    const r = sh(`unshare -rm bash "${join(root, 'full.sh')}" || unshare -m bash "${join(root, 'full.sh')}"`);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toBe('exit=1');
    expect(lines.slice(0, -1)).toHaveLength(1);
    expect(lines[0]).toMatch(/^tenglong: the disk is full( \(.*\))?: free some space .* — nothing was published; the previous data stays in place$/);
    expect(r.stderr).not.toMatch(STACK);
    expect(readFileSync(join(root, 'after.json'), 'utf8')).toBe(readFileSync(join(root, 'before.json'), 'utf8'));
    // The failed build's temporary folder went with it; the live release and the pointer are all there is.
    expect(readFileSync(join(root, 'store.txt'), 'utf8').trim().split('\n').sort()).toEqual(['current', 'releases']);
  }, 300_000);
});
