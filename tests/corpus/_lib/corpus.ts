// The bad-input corpus: reading case folders, preparing their inputs in a temp folder, running the real `tenglong`
// binary and checking what it did. Used by tests/unit/corpus.test.ts (one test per case) and by show.ts (prints what
// a case does now, for writing a new one). The format is described in tests/corpus/README.md.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import proj4 from 'proj4';

export const CORPUS = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(CORPUS, '..', '..');
export const BASE = join(CORPUS, '_base');
export const BIN = join(ROOT, 'bin', 'tenglong.mjs');

// ---------------------------------------------------------------------------------------------------------------
// Case files

/** A fragment that must (or must not) appear: a plain substring, or { "re": "regular expression" }. */
export type Fragment = string | { re: string };

export interface RecordCheck {
  /** A JSON file of the served build's internal/ folder (parcels-index.json, enterprises.json, …). */
  file: string;
  id: string;
  /** Fields that must have exactly these values. */
  fields?: Record<string, unknown>;
  /** [lon, lat] the record's centroid must be within `tol` degrees of (default 1e-6). */
  centroid?: [number, number];
  tol?: number;
}

export interface After {
  /** What {out} serves after the run: the base build made before it, a build of this run, or nothing. */
  served?: 'previous' | 'new' | 'none';
  /** Rejects kept in the served build's internal/rejects.json. */
  rejects?: number;
  /** Parcels in the served build (internal/parcels-index.json). */
  parcels?: number;
  /** Records that must be in the served build with these values. */
  records?: RecordCheck[];
  /** Records that must not be in it. */
  absent?: { file: string; id: string }[];
}

export type Op =
  | { op: 'remove'; files: string[] }
  | { op: 'write'; file: string; text?: string; json?: unknown; hex?: string }
  | { op: 'patch'; file: string; where: Where; set?: Record<string, unknown>; delete?: string[] }
  | { op: 'clone'; file: string; from: Where; at?: 'start' | 'end'; set?: Record<string, unknown> }
  | { op: 'add'; file: string; at?: 'start' | 'end'; items: unknown[] }
  | { op: 'drop'; file: string; ids?: string[]; last?: number }
  | { op: 'truncate'; file: string; bytes: number }
  | { op: 'reproject'; file: string; to: string; swap?: boolean; declare?: string | null; where?: Where }
  | { op: 'gcj02'; file: string; declare?: string | null }
  | { op: 'encode'; file: string; to: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: boolean }
  | { op: 'replace'; file: string; find: string; with: string; all?: boolean }
  | { op: 'copy'; from: string; file: string }
  | { op: 'escape'; files: string[] }
  | { op: 'repeat'; file: string; times: number }
  | { op: 'many-vertices'; file: string; where: Where; vertices: number; self_intersect?: boolean };

/** Which features or records: by id, by ids, by 0-based index, every one, or the top-level object ("head"). */
export type Where = { id: string } | { ids: string[] } | { index: number } | 'all' | 'head';

export interface CaseSpec {
  description: string;
  /** Arguments of `tenglong`; placeholders {src} {out} {store} {dir} {tmp} are replaced. */
  command?: string[];
  /** Instead of command: a bash -c line; {bin} is `node bin/tenglong.mjs` (quoted). */
  shell?: string;
  /** "county" (default): {src} starts as a copy of tests/corpus/_base; "none": it starts empty. */
  base?: 'county' | 'none';
  /** Build the base into {out}/{store} before the run (implied by after.served = "previous"). */
  prebuild?: boolean;
  /** Edits of {src} after the case folder's own files are copied over it, in order. */
  prepare?: Op[];
  exit: number;
  stdout?: Fragment[];
  stderr?: Fragment[];
  stdout_not?: Fragment[];
  stderr_not?: Fragment[];
  /** At most this many lines on stderr. */
  stderr_max_lines?: number;
  after?: After;
  /** The code does not do what this case expects yet: why. The runner reports the case as it.fails. */
  known_failure?: string;
}

export interface Case {
  name: string;
  dir: string;
  spec: CaseSpec;
}

const SPEC_KEYS = ['description', 'command', 'shell', 'base', 'prebuild', 'prepare', 'exit', 'stdout', 'stderr', 'stdout_not', 'stderr_not', 'stderr_max_lines', 'after', 'known_failure'];
const AFTER_KEYS = ['served', 'rejects', 'parcels', 'records', 'absent'];
const OP_KEYS: Record<Op['op'], string[]> = {
  remove: ['files'],
  write: ['file', 'text', 'json', 'hex'],
  patch: ['file', 'where', 'set', 'delete'],
  clone: ['file', 'from', 'at', 'set'],
  add: ['file', 'at', 'items'],
  drop: ['file', 'ids', 'last'],
  truncate: ['file', 'bytes'],
  reproject: ['file', 'to', 'swap', 'declare', 'where'],
  gcj02: ['file', 'declare'],
  encode: ['file', 'to', 'bom'],
  replace: ['file', 'find', 'with', 'all'],
  copy: ['from', 'file'],
  escape: ['files'],
  repeat: ['file', 'times'],
  'many-vertices': ['file', 'where', 'vertices', 'self_intersect'],
};

/** A typo in a case file must not silently turn a check off: unknown keys are errors. */
function checkSpec(name: string, spec: CaseSpec): void {
  const bad = (msg: string): never => {
    throw new Error(`tests/corpus/${name}/case.json: ${msg}`);
  };
  for (const k of Object.keys(spec)) if (!SPEC_KEYS.includes(k)) bad(`unknown key "${k}" (known: ${SPEC_KEYS.join(', ')})`);
  if (typeof spec.description !== 'string' || spec.description.length < 10) bad('"description" must say why the input is bad and what must happen');
  if (!Number.isInteger(spec.exit)) bad('"exit" must be the expected exit code');
  if (!spec.command === !spec.shell) bad('give exactly one of "command" and "shell"');
  if (spec.base !== undefined && spec.base !== 'county' && spec.base !== 'none') bad('"base" must be "county" or "none"');
  if (spec.after) for (const k of Object.keys(spec.after)) if (!AFTER_KEYS.includes(k)) bad(`after: unknown key "${k}" (known: ${AFTER_KEYS.join(', ')})`);
  for (const [i, op] of (spec.prepare ?? []).entries()) {
    const known = OP_KEYS[op.op];
    if (!known) bad(`prepare[${i}]: unknown op "${op.op}" (known: ${Object.keys(OP_KEYS).join(', ')})`);
    for (const k of Object.keys(op)) if (k !== 'op' && !known.includes(k)) bad(`prepare[${i}] (${op.op}): unknown key "${k}" (known: ${known.join(', ')})`);
  }
  const frags = [...(spec.stdout ?? []), ...(spec.stderr ?? [])];
  if (spec.exit !== 0 && !(spec.stderr ?? []).length && !spec.stdout?.length) bad('a case that does not exit 0 must name at least one message fragment');
  if (frags.some((f) => typeof f === 'string' && f.trim() === '')) bad('empty fragment');
}

/** Every case folder (not starting with _ or .), sorted by name. */
export function loadCases(): Case[] {
  const out: Case[] = [];
  for (const name of readdirSync(CORPUS).sort()) {
    if (name.startsWith('_') || name.startsWith('.')) continue;
    const dir = join(CORPUS, name);
    if (!statSync(dir).isDirectory()) continue;
    const file = join(dir, 'case.json');
    if (!existsSync(file)) throw new Error(`tests/corpus/${name}: no case.json`);
    let spec: CaseSpec;
    try {
      spec = JSON.parse(readFileSync(file, 'utf8')) as CaseSpec;
    } catch (e) {
      throw new Error(`tests/corpus/${name}/case.json: ${e instanceof Error ? e.message : String(e)}`);
    }
    checkSpec(name, spec);
    out.push({ name, dir, spec });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Preparing a case's inputs

export interface Paths {
  tmp: string;
  src: string;
  out: string;
  store: string;
  dir: string;
}

export function subst(s: string, p: Paths): string {
  return s.replace(/\{(src|out|store|dir|tmp)\}/g, (_, k: keyof Paths) => p[k]);
}

type Json = Record<string, unknown>;

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
}

/** Writes in the base's layout: one feature or record per line. */
function writeJson(path: string, v: unknown): void {
  const o = v as Json;
  const listKey = Array.isArray(v) ? null : Object.keys(o).find((k) => Array.isArray(o[k]));
  if (Array.isArray(v)) writeFileSync(path, `[\n${v.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`);
  else if (listKey) {
    const head = Object.entries(o).filter(([k]) => k !== listKey);
    const list = o[listKey] as unknown[];
    const headText = head.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)},`).join('');
    writeFileSync(path, `{${headText}${JSON.stringify(listKey)}:[\n${list.map((x) => JSON.stringify(x)).join(',\n')}\n]}\n`);
  } else writeFileSync(path, JSON.stringify(v) + '\n');
}

/** The features of a FeatureCollection, the array of a bare list, or the one array member of a side file. */
function listOf(doc: unknown, file: string): unknown[] {
  if (Array.isArray(doc)) return doc;
  const o = doc as Json;
  if (Array.isArray(o['features'])) return o['features'] as unknown[];
  const k = Object.keys(o).find((x) => Array.isArray(o[x]));
  if (!k) throw new Error(`${file}: no list of features or records to edit`);
  return o[k] as unknown[];
}

function idOf(item: unknown): unknown {
  const o = item as Json;
  return (o?.['properties'] as Json | undefined)?.['id'] ?? o?.['id'];
}

function select(doc: unknown, where: Where, file: string): unknown[] {
  if (where === 'head') return [doc];
  const list = listOf(doc, file);
  if (where === 'all') return list;
  if ('index' in where) {
    const x = list[where.index];
    if (x === undefined) throw new Error(`${file}: no item #${where.index}`);
    return [x];
  }
  const ids = 'ids' in where ? where.ids : [where.id];
  const hits = list.filter((x) => ids.includes(idOf(x) as string));
  if (hits.length < ids.length) throw new Error(`${file}: not every id of ${ids.join(', ')} is there`);
  return hits;
}

/** Sets `a.b.0.c` (numbers index arrays); a value {"$delete": true} is not supported: use `delete`. */
function setPath(target: unknown, path: string, value: unknown): void {
  const keys = path.split('.');
  let o = target as Json;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === undefined || o[k] === null || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Json;
  }
  o[keys[keys.length - 1]!] = structuredClone(value);
}
function deletePath(target: unknown, path: string): void {
  const keys = path.split('.');
  let o = target as Json;
  for (const k of keys.slice(0, -1)) o = o[k] as Json;
  delete o[keys[keys.length - 1]!];
}

// --- coordinates (independent of src/lib: the corpus must not share the code it tests) ---

function mapPositions(g: unknown, f: (p: number[]) => number[]): unknown {
  if (Array.isArray(g) && typeof g[0] === 'number') return f(g as number[]);
  if (Array.isArray(g)) return g.map((x) => mapPositions(x, f));
  return g;
}

const GK: Record<string, string> = {
  'EPSG:4549': '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4550': '+proj=tmerc +lat_0=0 +lon_0=123 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
  'EPSG:4528': '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs',
};

/** WGS84 → GCJ-02, the published formula (Krasovsky ellipsoid). */
function toGcj02([lon, lat]: number[]): number[] {
  const a = 6378245.0;
  const ee = 0.00669342162296594323;
  const x = lon! - 105;
  const y = lat! - 35;
  const { PI, sin, sqrt, abs, cos } = Math;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x));
  dLat += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  dLat += ((20 * sin(y * PI) + 40 * sin((y / 3) * PI)) * 2) / 3;
  dLat += ((160 * sin((y / 12) * PI) + 320 * sin((y * PI) / 30)) * 2) / 3;
  let dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x));
  dLon += ((20 * sin(6 * x * PI) + 20 * sin(2 * x * PI)) * 2) / 3;
  dLon += ((20 * sin(x * PI) + 40 * sin((x / 3) * PI)) * 2) / 3;
  dLon += ((150 * sin((x / 12) * PI) + 300 * sin((x / 30) * PI)) * 2) / 3;
  const radLat = (lat! / 180) * PI;
  const magic = 1 - ee * sin(radLat) * sin(radLat);
  const sqrtMagic = sqrt(magic);
  dLat = (dLat * 180) / (((a * (1 - ee)) / (magic * sqrtMagic)) * PI);
  dLon = (dLon * 180) / ((a / sqrtMagic) * cos(radLat) * PI);
  return [lon! + dLon, lat! + dLat];
}

const declare = (doc: Json, name: string | null | undefined): void => {
  if (name === undefined) return;
  if (name === null) delete doc['crs'];
  else doc['crs'] = { type: 'name', properties: { name } };
};

function applyOp(op: Op, p: Paths): void {
  const path = join(p.src, 'file' in op ? op.file : '');
  switch (op.op) {
    case 'remove':
      for (const f of op.files) rmSync(join(p.src, f), { recursive: true, force: true });
      return;
    case 'write':
      mkdirSync(dirname(path), { recursive: true });
      if (op.hex !== undefined) writeFileSync(path, Buffer.from(op.hex.replace(/\s+/g, ''), 'hex'));
      else if (op.json !== undefined) writeJson(path, op.json);
      else writeFileSync(path, op.text ?? '');
      return;
    case 'truncate':
      writeFileSync(path, readFileSync(path).subarray(0, op.bytes));
      return;
    case 'replace': {
      const text = readFileSync(path, 'utf8');
      if (!text.includes(op.find)) throw new Error(`${op.file}: ${JSON.stringify(op.find)} not found`);
      writeFileSync(path, op.all ? text.split(op.find).join(op.with) : text.replace(op.find, () => op.with));
      return;
    }
    case 'copy':
      cpSync(resolve(ROOT, op.from), path);
      return;
    case 'escape':
      // Non-ASCII characters as \uXXXX escapes: the same JSON, readable in every supported encoding.
      for (const f of op.files) {
        const full = join(p.src, f);
        writeJson(full, readJson(full));
        writeFileSync(full, readFileSync(full, 'utf8').replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
      }
      return;
    case 'encode': {
      const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
      let bytes: Buffer;
      if (op.to === 'utf-8') bytes = Buffer.concat([op.bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
      else {
        const le = Buffer.from((op.bom ? '\uFEFF' : '') + text, 'utf16le');
        bytes = op.to === 'utf-16le' ? le : Buffer.from(le).swap16();
      }
      writeFileSync(path, bytes);
      return;
    }
    default:
      break;
  }
  const doc = readJson(path) as Json;
  switch (op.op) {
    case 'patch':
      for (const item of select(doc, op.where, op.file)) {
        for (const [k, v] of Object.entries(op.set ?? {})) setPath(item, k, v);
        for (const k of op.delete ?? []) deletePath(item, k);
      }
      break;
    case 'clone': {
      const [src] = select(doc, op.from, op.file);
      const copy = structuredClone(src);
      for (const [k, v] of Object.entries(op.set ?? {})) setPath(copy, k, v);
      const list = listOf(doc, op.file);
      if (op.at === 'start') list.unshift(copy);
      else list.push(copy);
      break;
    }
    case 'add': {
      const list = listOf(doc, op.file);
      if (op.at === 'start') list.unshift(...structuredClone(op.items));
      else list.push(...structuredClone(op.items));
      break;
    }
    case 'drop': {
      const list = listOf(doc, op.file);
      const keep = list.filter((x, i) => !(op.ids ?? []).includes(idOf(x) as string) && !(op.last !== undefined && i >= list.length - op.last));
      list.length = 0;
      list.push(...keep);
      break;
    }
    case 'repeat': {
      // Copies of every item with ids suffixed -r1, -r2, … (more output for the pipe tests).
      const list = listOf(doc, op.file);
      const orig = list.slice();
      for (let k = 1; k < op.times; k++) {
        for (const x of orig) {
          const copy = structuredClone(x) as Json;
          const props = copy['properties'] as Json | undefined;
          if (props && props['id'] !== undefined) props['id'] = `${String(props['id'])}-r${k}`;
          else if (copy['id'] !== undefined) copy['id'] = `${String(copy['id'])}-r${k}`;
          list.push(copy);
        }
      }
      break;
    }
    case 'many-vertices':
      // A ring of N vertices on the ellipse inscribed in the feature's box; with self_intersect, two neighbouring
      // vertices 10 before the end swap places, which makes the ring cross itself there.
      for (const f of select(doc, op.where, op.file)) {
        const g = (f as Json)['geometry'] as Json;
        const flat = (JSON.stringify(g['coordinates']).match(/-?[\d.]+(e-?\d+)?/g) ?? []).map(Number);
        const xs = flat.filter((_, i) => i % 2 === 0);
        const ys = flat.filter((_, i) => i % 2 === 1);
        const [cx, cy] = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
        const [rx, ry] = [(Math.max(...xs) - Math.min(...xs)) / 2, (Math.max(...ys) - Math.min(...ys)) / 2];
        const ring: number[][] = [];
        for (let k = 0; k < op.vertices; k++) {
          const t = (2 * Math.PI * k) / op.vertices;
          ring.push([Math.round((cx + rx * Math.cos(t)) * 1e9) / 1e9, Math.round((cy + ry * Math.sin(t)) * 1e9) / 1e9]);
        }
        if (op.self_intersect) {
          const k = op.vertices - 10;
          [ring[k], ring[k + 1]] = [ring[k + 1]!, ring[k]!];
        }
        ring.push(ring[0]!.slice());
        g['type'] = 'Polygon';
        g['coordinates'] = [ring];
      }
      break;
    case 'reproject': {
      const conv = proj4('+proj=longlat +ellps=GRS80 +no_defs', op.to === 'lonlat' ? '+proj=longlat +ellps=GRS80 +no_defs' : (GK[op.to] ?? op.to));
      const items = op.where ? select(doc, op.where, op.file) : listOf(doc, op.file);
      for (const f of items) {
        const g = (f as Json)['geometry'] as Json;
        g['coordinates'] = mapPositions(g['coordinates'], (q) => {
          const [x, y] = conv.forward([q[0]!, q[1]!]);
          const k = op.to === 'lonlat' ? 1e7 : 1000;
          const r = [Math.round(x! * k) / k, Math.round(y! * k) / k];
          return op.swap ? [r[1]!, r[0]!] : r;
        });
      }
      declare(doc, op.declare);
      break;
    }
    case 'gcj02':
      for (const f of listOf(doc, op.file)) {
        const g = (f as Json)['geometry'] as Json;
        g['coordinates'] = mapPositions(g['coordinates'], (q) => toGcj02(q).map((v) => Math.round(v * 1e8) / 1e8));
      }
      declare(doc, op.declare);
      break;
  }
  writeJson(path, doc);
}

/** Makes {tmp}/{src,dir} for a case: the base (or nothing), the case's own files over it, then its edits. */
export function prepare(c: Case, tmpRoot: string): Paths {
  const tmp = mkdtempSync(join(tmpRoot, `${c.name}-`));
  const p: Paths = { tmp, src: join(tmp, 'src'), out: join(tmp, 'out'), store: join(tmp, 'store'), dir: join(tmp, 'case') };
  mkdirSync(p.src);
  cpSync(c.dir, p.dir, { recursive: true });
  if ((c.spec.base ?? 'county') === 'county') {
    for (const f of readdirSync(BASE)) if (!f.endsWith('.mjs')) cpSync(join(BASE, f), join(p.src, f));
  }
  for (const f of readdirSync(c.dir)) if (f !== 'case.json') cpSync(join(c.dir, f), join(p.src, f), { recursive: true });
  for (const op of c.spec.prepare ?? []) {
    try {
      applyOp(op, p);
    } catch (e) {
      throw new Error(`tests/corpus/${c.name}: prepare op ${JSON.stringify(op).slice(0, 120)} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------------------
// Running

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const JOBS = Math.max(1, Number(process.env['CORPUS_JOBS'] ?? 3) || 3);
let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (running >= JOBS) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await f();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const CHILD_ENV = (() => {
  const env = { ...process.env };
  // Neither a developer's debug switch (stack traces) nor the kill test's pause point may leak into the corpus.
  delete env['TENGLONG_DEBUG'];
  delete env['TENGLONG_TEST_PAUSE_AT'];
  delete env['TENGLONG_HEAP_MB'];
  return env;
})();

/** Runs a command (argv for node, or bash -c) in the project folder; at most CORPUS_JOBS at once. */
export function spawnCapture(file: string, args: string[], timeoutMs = 120_000): Promise<RunResult> {
  return slot(
    () =>
      new Promise<RunResult>((done, fail) => {
        const t0 = Date.now();
        const child = spawn(file, args, { cwd: ROOT, env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.on('error', fail);
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          done({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ms: Date.now() - t0 });
        });
      }),
  );
}

const shq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

export function runTenglong(args: string[]): Promise<RunResult> {
  return spawnCapture(process.execPath, [BIN, ...args]);
}

export async function runCase(c: Case, p: Paths): Promise<RunResult> {
  if (c.spec.shell !== undefined) {
    const line = subst(c.spec.shell, p).replace(/\{bin\}/g, `${shq(process.execPath)} ${shq(BIN)}`);
    return spawnCapture('bash', ['-c', line]);
  }
  return runTenglong(c.spec.command!.map((a) => subst(a, p)));
}

// ---------------------------------------------------------------------------------------------------------------
// The base build, made once per run and copied for cases that need a published build before theirs

let prebuilt: Promise<{ dir: string; result: RunResult; hash: string | null }> | null = null;

/** Builds _base once into {tmpRoot}/_prebuilt/{out,store}; later calls return the same build. */
export function basePrebuilt(tmpRoot: string): Promise<{ dir: string; result: RunResult; hash: string | null }> {
  prebuilt ??= (async () => {
    const dir = join(tmpRoot, '_prebuilt');
    mkdirSync(join(dir, 'src'), { recursive: true });
    for (const f of readdirSync(BASE)) if (!f.endsWith('.mjs')) cpSync(join(BASE, f), join(dir, 'src', f));
    const result = await runTenglong(['build-data', '--src', join(dir, 'src'), '--out', join(dir, 'out'), '--store', join(dir, 'store')]);
    return { dir, result, hash: manifestHash(join(dir, 'out')) };
  })();
  return prebuilt;
}

/** Copies the base build into the case's {out}/{store} (out is a relative link into store, so it still works). */
export async function installPrebuilt(tmpRoot: string, p: Paths): Promise<string> {
  const b = await basePrebuilt(tmpRoot);
  if (b.result.code !== 0 || !b.hash) throw new Error(`the base county did not build (exit ${b.result.code}):\n${b.result.stderr}`);
  cpSync(join(b.dir, 'store'), p.store, { recursive: true, verbatimSymlinks: true });
  cpSync(join(b.dir, 'out'), p.out, { verbatimSymlinks: true });
  const lock = join(p.store, 'lock');
  if (existsSync(lock)) unlinkSync(lock);
  return b.hash;
}

export function manifestHash(out: string): string | null {
  const m = join(out, 'public', 'manifest.json');
  if (!existsSync(m)) return null;
  return ((readJson(m) as Json)['source_hash'] as string | undefined) ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Checking

const show = (f: Fragment): string => (typeof f === 'string' ? JSON.stringify(f) : `/${f.re}/`);
function has(text: string, f: Fragment, p: Paths): boolean {
  return typeof f === 'string' ? text.includes(subst(f, p)) : new RegExp(subst(f.re, p), 'm').test(text);
}

/** Anything that means the CLI crashed instead of answering: a stack line or a JS error class name. */
const CRASH = [/^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>)$/m, /\b(TypeError|ReferenceError|RangeError|SyntaxError|AssertionError)\b/];

/** Problems with a run (empty: the case passes). */
export function checkRun(c: Case, r: RunResult, p: Paths, previousHash: string | null): string[] {
  const s = c.spec;
  const problems: string[] = [];
  if (r.code !== s.exit) problems.push(`exit code ${r.code}${r.signal ? ` (signal ${r.signal})` : ''}, expected ${s.exit}`);
  for (const f of s.stdout ?? []) if (!has(r.stdout, f, p)) problems.push(`stdout lacks ${show(f)}`);
  for (const f of s.stderr ?? []) if (!has(r.stderr, f, p)) problems.push(`stderr lacks ${show(f)}`);
  for (const f of s.stdout_not ?? []) if (has(r.stdout, f, p)) problems.push(`stdout has ${show(f)}, which it must not`);
  for (const f of s.stderr_not ?? []) if (has(r.stderr, f, p)) problems.push(`stderr has ${show(f)}, which it must not`);
  for (const re of CRASH) if (re.test(r.stderr)) problems.push(`stderr shows a crash (${re.source.slice(0, 30)}…): a stack trace or a JavaScript error name`);
  if (s.stderr_max_lines !== undefined) {
    const n = r.stderr.split('\n').filter((l) => l.trim() !== '').length;
    if (n > s.stderr_max_lines) problems.push(`stderr has ${n} lines, at most ${s.stderr_max_lines} expected`);
  }
  const a = s.after;
  if (a) problems.push(...checkAfter(a, p, previousHash));
  return problems;
}

function internalList(out: string, file: string): unknown[] | null {
  const path = join(out, 'internal', file);
  if (!existsSync(path)) return null;
  const doc = readJson(path);
  return Array.isArray(doc) ? doc : listOf(doc, file);
}

function checkAfter(a: After, p: Paths, previousHash: string | null): string[] {
  const problems: string[] = [];
  const hash = manifestHash(p.out);
  if (a.served === 'previous') {
    if (hash === null) problems.push(`{out} serves nothing after the run; the previous build (source_hash ${previousHash}) should still be served`);
    else if (hash !== previousHash) problems.push(`{out} serves a new build (source_hash ${hash}); the previous one (${previousHash}) should still be served`);
  } else if (a.served === 'new') {
    if (hash === null) problems.push('{out} serves nothing after the run; a new build should be published');
    else if (previousHash !== null && hash === previousHash) problems.push('{out} still serves the previous build; a new one should be published');
  } else if (a.served === 'none') {
    if (existsSync(p.out)) problems.push(`{out} exists after the run (${realpathSafe(p.out)}); nothing should be published`);
  }
  if (a.rejects !== undefined) {
    const list = internalList(p.out, 'rejects.json');
    if (list === null) problems.push('no internal/rejects.json in {out}');
    else if (list.length !== a.rejects) problems.push(`internal/rejects.json holds ${list.length} rejects, expected ${a.rejects}`);
  }
  if (a.parcels !== undefined) {
    const list = internalList(p.out, 'parcels-index.json');
    if (list === null) problems.push('no internal/parcels-index.json in {out}');
    else if (list.length !== a.parcels) problems.push(`the served build has ${list.length} parcels, expected ${a.parcels}`);
  }
  for (const rc of a.records ?? []) {
    const list = internalList(p.out, rc.file);
    const rec = list?.find((x) => (x as Json)['id'] === rc.id) as Json | undefined;
    if (!rec) {
      problems.push(`internal/${rc.file} has no record "${rc.id}"`);
      continue;
    }
    for (const [k, v] of Object.entries(rc.fields ?? {})) {
      if (JSON.stringify(rec[k]) !== JSON.stringify(v)) problems.push(`internal/${rc.file} ${rc.id}.${k} is ${JSON.stringify(rec[k])}, expected ${JSON.stringify(v)}`);
    }
    if (rc.centroid) {
      const c = rec['centroid'] as number[] | undefined;
      const tol = rc.tol ?? 1e-6;
      if (!c || Math.abs(c[0]! - rc.centroid[0]) > tol || Math.abs(c[1]! - rc.centroid[1]) > tol) {
        problems.push(`internal/${rc.file} ${rc.id} centroid ${JSON.stringify(c)} is not within ${tol}° of ${JSON.stringify(rc.centroid)}`);
      }
    }
  }
  for (const ab of a.absent ?? []) {
    const list = internalList(p.out, ab.file);
    if (list?.some((x) => (x as Json)['id'] === ab.id)) problems.push(`internal/${ab.file} has "${ab.id}", which should have been rejected`);
  }
  return problems;
}

function realpathSafe(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The failure message of a case: what ran, how it ended, what it printed. */
export function report(c: Case, r: RunResult, p: Paths, problems: string[]): string {
  const cmd = c.spec.shell !== undefined ? `bash -c ${shq(subst(c.spec.shell, p))}` : `node bin/tenglong.mjs ${c.spec.command!.map((a) => shq(subst(a, p))).join(' ')}`;
  const clip = (s: string) => (s.length > 4000 ? `${s.slice(0, 4000)}\n… (${s.length - 4000} more characters)` : s);
  return [
    `corpus case ${c.name}: ${c.spec.description}`,
    ...problems.map((x) => `  ✗ ${x}`),
    `command: ${cmd}`,
    `exit code: ${r.code}${r.signal ? ` (signal ${r.signal})` : ''} after ${r.ms} ms`,
    `stderr:\n${clip(r.stderr) || '(empty)'}`,
    `stdout:\n${clip(r.stdout) || '(empty)'}`,
  ].join('\n');
}

export function newTmpRoot(): string {
  return mkdtempSync(join(tmpdir(), 'tenglong-corpus-'));
}

