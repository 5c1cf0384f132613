// `tenglong inspect PATH [--json] [--mapping F] [--encoding E] [--county F]`: what a county's own files hold before
// anything is built (issue 13). For each layer or table: format, encoding, CRS (declared, detected, and whether the
// features land in the county), geometry types, counts, fields with sample values, and the mapping to our schema —
// suggested from the alias table, or mapping.json's applied to every record with each misfit named. Reading is the
// import readers' (src/lib/import/read-source.ts); the CRS decision is the pipeline's own LayerScan, so inspect
// and build-data cannot disagree about a file.
import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseEncodingName } from '../src/lib/data/encoding.ts';
import { IngestError, LayerScan } from '../src/lib/data/ingest.ts';
import { BASE_LAYER_FIELDS, type BaseLayer } from '../src/lib/data/props.ts';
import { describeCrs, positionToLonLat, type CrsCode } from '../src/lib/geo/crs.ts';
import { candidatesSentence, fmtExtent, insideExtent, parseCountyConfig, type CountyConfig } from '../src/lib/geo/place.ts';
import { TARGET_FIELDS, type Target } from '../src/lib/import/aliases.ts';
import {
  applyMapping,
  guessTarget,
  joinEnterprises,
  mappingToJson,
  parseMappingFile,
  sourceMatches,
  suggestMapping,
  type Keyed,
  type MappingFile,
  type Suggestion,
  type TargetMapping,
} from '../src/lib/import/mapping.ts';
import { readSources } from '../src/lib/import/read-source.ts';
import type { Cell, FileInput, Imported, ImportedLayer, IgnoredFile } from '../src/lib/import/types.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliCommand } from './commands.ts';
import { PATHS } from './paths.ts';

const USAGE = 'inspect PATH [--json] [--mapping F] [--encoding E] [--county F]\n                                                           what a folder or file holds and how it maps to the schema';
const SAMPLES = 3;
const PROBLEMS_SHOWN = 20;
/** Files in a folder that are settings, not sources. */
const SETTINGS = new Set(['mapping.json', 'county.json']);

// ---- reading ----------------------------------------------------------------------------------------------------

/** Every file under `dir` (hidden ones and settings left out), named relative to it as the readers will report them. */
async function walk(dir: string, root: string, out: string[]): Promise<void> {
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, root, out);
    else if (e.isFile() && !(dir === root && SETTINGS.has(e.name.toLowerCase()))) out.push(p);
  }
}

/** The files of PATH: a folder's files, or one file with its Shapefile siblings (宗地.shp brings 宗地.dbf, .prj, …). */
async function collect(path: string): Promise<{ root: string; paths: string[] }> {
  if (statSync(path).isDirectory()) {
    const paths: string[] = [];
    await walk(path, path, paths);
    return { root: path, paths };
  }
  const dir = dirname(path);
  const stem = basename(path).replace(/\.[^.]+$/, '').toLowerCase();
  const isShp = /\.(shp|dbf|shx|prj|cpg)$/i.test(path);
  const siblings = isShp ? (await readdir(dir)).filter((n) => n.toLowerCase().replace(/\.[^.]+(\.xml)?$/, '') === stem).map((n) => join(dir, n)) : [path];
  return { root: dir, paths: siblings.sort() };
}

/** Shapefile parts share a stem; every other file stands alone. */
function groupKey(name: string): string {
  return /\.(shp|dbf|shx|prj|cpg|sbn|sbx|qix|shp\.xml)$/i.test(name) ? name.replace(/\.(shp|dbf|shx|prj|cpg|sbn|sbx|qix|shp\.xml)$/i, '').toLowerCase() : name;
}

interface ReadOutcome {
  imported: Imported[];
  ignored: IgnoredFile[];
  errors: { file: string; message: string }[];
}

function asReadResult(r: unknown): ReadOutcome {
  // readSources gives the layers and tables read, the files it left aside, and each file it could not read.
  if (Array.isArray(r)) return { imported: r as Imported[], ignored: [], errors: [] };
  const o = r as { imported?: Imported[]; ignored?: IgnoredFile[]; errors?: { file: string; message: string }[] };
  return { imported: o.imported ?? [], ignored: o.ignored ?? [], errors: (o.errors ?? []).map((e) => ({ file: e.file, message: e.message })) };
}

/**
 * All files at once (readSources names each file it cannot read and goes on); should it throw all the same, group by
 * group, so one broken file is named and the others are still shown.
 */
async function readAll(files: FileInput[], encoding: string | undefined): Promise<ReadOutcome> {
  const opts = encoding ? { encoding } : {};
  try {
    return asReadResult(await readSources(files, opts));
  } catch {
    const groups = new Map<string, FileInput[]>();
    for (const f of files) groups.set(groupKey(f.name), [...(groups.get(groupKey(f.name)) ?? []), f]);
    const out: ReadOutcome = { imported: [], ignored: [], errors: [] };
    for (const [key, group] of groups) {
      try {
        const r = asReadResult(await readSources(group, opts));
        out.imported.push(...r.imported);
        out.ignored.push(...r.ignored);
        out.errors.push(...r.errors);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        out.errors.push({ file: group.length === 1 ? group[0]!.name : `${key}.*`, message: msg });
      }
    }
    return out;
  }
}

// ---- analysis ---------------------------------------------------------------------------------------------------

export interface CrsReport {
  declared: { code: string | null; from: string; name: string | null };
  /** What the coordinates alone say (the pipeline never guesses a zone: then `error` says what to declare). */
  detected: { code: CrsCode; reason: string } | { code: null; error: string };
  /** What build-data would read the file in: the declared CRS, else the detected one; null when neither works. */
  used: CrsCode | null;
  reason: string;
  /** The county-extent check on positions spread over the file (one per feature, at most 256). */
  extent: { checked: number; inside: number; ok: boolean; hint: string | null };
}

export interface SourceReport {
  file: string;
  name: string;
  kind: 'layer' | 'table';
  format: string;
  encoding: { name: string; from: string };
  count: number;
  geometry_types: string[] | null;
  crs: CrsReport | null;
  fields: { name: string; samples: Cell[] }[];
  target: { name: Target; from: 'mapping' | 'guess'; score: number | null } | null;
  suggestion: { fields: Suggestion['fields']; unplaced: string[]; missing_required: string[] } | null;
  mapping: { fields: Record<string, unknown>; records: number; problem_count: number; problems: { where: string; field: string; source: string; message: string }[] } | null;
  /** A base-map layer (base-county, base-water, …): build-data takes its label fields as they are. */
  base_layer: boolean;
  warnings: string[];
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  return JSON.stringify(v) ?? String(v);
}

function recordsOf(src: Imported): { where: string; record: Record<string, unknown> }[] {
  return src.kind === 'layer'
    ? src.features.map((f, i) => ({ where: `${src.file} feature #${i}`, record: f.properties }))
    : src.rows.map((r, i) => ({ where: `${src.file} row ${src.firstRow + i}`, record: r }));
}

/** Up to SAMPLES distinct non-empty values per field, in the order met. */
function samplesOf(src: Imported): Record<string, Cell[]> {
  const out: Record<string, Cell[]> = Object.fromEntries(src.fields.map((f) => [f, []]));
  for (const { record } of recordsOf(src)) {
    let full = true;
    for (const f of src.fields) {
      const list = out[f]!;
      if (list.length >= SAMPLES) continue;
      full = false;
      const c = toCell(record[f]);
      if (c !== null && c !== '' && !list.includes(c)) list.push(c);
    }
    if (full) break;
  }
  return out;
}

/** The pipeline's CRS decision (LayerScan.decide) on the layer, declared and from the coordinates alone. */
function crsReport(layer: ImportedLayer, extent: CountyConfig['extent']): CrsReport {
  const scan = new LayerScan(layer.file);
  for (const f of layer.features) scan.add(f);
  let detected: CrsReport['detected'];
  let sample: [number, number][] = [];
  try {
    const d = scan.decide(undefined, undefined, extent);
    detected = { code: d.crs, reason: d.reason };
    sample = d.sample;
  } catch (e) {
    detected = { code: null, error: e instanceof Error ? e.message.replace(`${layer.file}: `, '') : String(e) };
  }
  let used: CrsCode | null = detected.code;
  let reason = detected.code ? 'none declared: as detected from the coordinates' : 'none declared, and the coordinates do not decide one';
  if (layer.crs.code) {
    try {
      const d = scan.decide({ properties: { name: layer.crs.code } }, undefined, extent);
      used = d.crs;
      sample = d.sample;
      reason = `declared in the ${layer.crs.from === 'prj' ? '.prj' : layer.crs.from} as ${layer.crs.name ? `"${layer.crs.name}" → ` : ''}${layer.crs.code}`;
      if (detected.code && detected.code !== d.crs) reason += `; the coordinates alone suggest ${describeCrs(detected.code)}: check the declaration`;
    } catch (e) {
      used = null;
      reason = e instanceof IngestError ? e.message : String(e);
    }
  }
  let inside = 0;
  if (used) {
    for (const p of sample) {
      const ll = positionToLonLat(p, used);
      if (insideExtent(ll, extent)) inside++;
    }
  }
  const ok = used !== null && sample.length > 0 && inside * 2 > sample.length;
  const hint = used !== null && sample.length > 0 && !ok ? candidatesSentence(sample, extent) : null;
  return { declared: { ...layer.crs }, detected, used, reason, extent: { checked: used ? sample.length : 0, inside, ok, hint } };
}

function pickTarget(src: Imported, samples: Record<string, Cell[]>, mapping: MappingFile | null): { target: Target; entry: TargetMapping | null; score: number | null } | null {
  // build-data reads base-map layers as they are (their label fields only): nothing to map.
  if (isBaseLayer(src)) return null;
  if (mapping) {
    for (const [t, m] of Object.entries(mapping) as [Target, TargetMapping][]) {
      if (m.file !== null && sourceMatches(m.file, src)) return { target: t, entry: m, score: null };
    }
  }
  const g = guessTarget(src, samples);
  if (!g) return null;
  const entry = mapping?.[g.target];
  // A mapping entry without "file" is for whichever source the target is guessed for.
  return { target: g.target, entry: entry && entry.file === null ? entry : null, score: g.score };
}

const isBaseLayer = (src: Imported): boolean => src.kind === 'layer' && Object.hasOwn(BASE_LAYER_FIELDS, src.name);

function analyse(src: Imported, county: CountyConfig, mapping: MappingFile | null): { report: SourceReport; applied: Keyed[] | null } {
  const samples = samplesOf(src);
  const pick = pickTarget(src, samples, mapping);
  const s = pick ? suggestMapping(pick.target, src.fields, samples) : null;
  let mapped: SourceReport['mapping'] = null;
  let applied: Keyed[] | null = null;
  if (pick?.entry) {
    const problems: NonNullable<SourceReport['mapping']>['problems'] = [];
    let count = 0;
    applied = recordsOf(src).map(({ where, record }) => {
      const r = applyMapping(pick.target, record, pick.entry!);
      count += r.problems.length;
      for (const p of r.problems) if (problems.length < PROBLEMS_SHOWN) problems.push({ where, field: p.field, source: p.source, message: p.message });
      return { where, props: r.props };
    });
    mapped = { fields: mappingToJson(pick.entry).fields as Record<string, unknown>, records: applied.length, problem_count: count, problems };
  }
  const report: SourceReport = {
    file: src.file,
    name: src.name,
    kind: src.kind,
    format: src.format,
    encoding: { ...src.encoding },
    count: src.kind === 'layer' ? src.features.length : src.rows.length,
    geometry_types: src.kind === 'layer' ? src.geometryTypes : null,
    crs: src.kind === 'layer' ? crsReport(src, county.extent) : null,
    fields: src.fields.map((name) => ({ name, samples: samples[name] ?? [] })),
    target: pick ? { name: pick.target, from: pick.entry ? 'mapping' : 'guess', score: pick.score } : null,
    suggestion: s ? { fields: s.fields, unplaced: s.unplaced, missing_required: s.missingRequired } : null,
    mapping: mapped,
    base_layer: isBaseLayer(src),
    warnings: src.kind === 'layer' ? [...(src.warnings ?? [])] : [],
  };
  return { report, applied };
}

// ---- output -----------------------------------------------------------------------------------------------------

/** Terminal columns: CJK and full-width characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(1, n - width(s)));
const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
const showCell = (c: Cell): string => (typeof c === 'string' ? (c.length > 24 ? `${c.slice(0, 24)}…` : c) : String(c));

function printSource(r: SourceReport, out: (s: string) => void): void {
  const what = r.kind === 'layer' ? `${plural(r.count, 'feature')} · ${r.geometry_types?.join(', ') || 'no geometry'}` : plural(r.count, 'row');
  out('');
  out(`${r.file}  (${r.kind} "${r.name}", ${r.format}, ${what})`);
  out(`  encoding  ${r.encoding.name} (${r.encoding.from === 'cpg' ? 'from the .cpg' : r.encoding.from})`);
  if (r.crs) {
    const c = r.crs;
    const from = c.declared.from === 'prj' ? 'the .prj' : c.declared.from;
    out(`  CRS       declared: ${c.declared.code ?? 'none'}${c.declared.code ? ` (from ${from}${c.declared.name ? `, "${c.declared.name}"` : ''})` : ''}`);
    // With a declaration, the coordinates' own verdict is only a cross-check: its first clause is enough.
    const undecided = c.detected.code === null && c.declared.code !== null ? `${c.detected.error.split(' (first')[0]!.split(': ')[0]!}; the declaration decides` : null;
    out(`            detected: ${c.detected.code ? `${describeCrs(c.detected.code)} — ${c.detected.reason}` : (undecided ?? c.detected.error)}`);
    out(`            used: ${c.used ? describeCrs(c.used) : 'none'} — ${c.reason}`);
    if (c.used) {
      out(`            county extent: ${c.extent.inside} of ${c.extent.checked} sampled features inside${c.extent.ok ? '' : ` — NOT in the county. ${c.extent.hint ?? ''}`}`);
    }
  }
  for (const w of r.warnings) out(`  warning   ${w}`);
  const fw = Math.min(28, Math.max(...r.fields.map((f) => width(f.name)), 6) + 2);
  r.fields.forEach((f, i) => out(`  ${i === 0 ? 'fields    ' : '          '}${pad(f.name, fw)}${f.samples.map(showCell).join(' | ')}`));
  if (!r.target && r.base_layer) {
    out(`  target    none: a base-map layer, read as it is (label fields ${BASE_LAYER_FIELDS[r.name as BaseLayer].join(', ')})`);
    return;
  }
  if (!r.target) {
    out('  target    none guessed: no field matches the alias table (docs/mapping.md); name it in mapping.json with "file"');
    return;
  }
  const t = r.target;
  out(`  target    ${t.name} (${t.from === 'mapping' ? 'from the mapping file' : `guessed from its fields and name, score ${t.score}`})`);
  if (r.mapping) {
    const m = r.mapping;
    out(`  mapping   ${Object.entries(m.fields).map(([k, v]) => `${k} ← ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ')}`);
    out(`            applied to ${plural(m.records, r.kind === 'layer' ? 'feature' : 'row')}: ${m.problem_count === 0 ? 'every value fits' : `${plural(m.problem_count, 'value')} do${m.problem_count === 1 ? 'es' : ''} not fit`}`);
    for (const p of m.problems) out(`            ${p.where}: ${p.message}`);
    if (m.problem_count > m.problems.length) out(`            … and ${m.problem_count - m.problems.length} more (--json lists the first ${PROBLEMS_SHOWN})`);
    return;
  }
  const s = r.suggestion!;
  out('  suggested mapping (schema field ← source field, confidence):');
  const sw = Math.max(...Object.keys(s.fields).map((k) => k.length), 4) + 2;
  for (const spec of TARGET_FIELDS[t.name]) {
    const f = s.fields[spec.field];
    if (!f) continue;
    const unit = f.unit ? `  unit ${f.unit.unit} (${f.unit.from === 'title' ? 'from the title' : 'assumed: the title names none'})${spec.unit && spec.unit !== f.unit.unit ? ` → ${spec.unit}` : ''}` : '';
    out(`    ${pad(spec.field, sw)}← ${pad(f.from, fw)}${f.confidence.toFixed(2)} ${f.how}${unit}`);
  }
  out(`  not placed: ${s.unplaced.length ? s.unplaced.join(', ') : 'none'}`);
  if (s.missing_required.length) out(`  required but not found: ${s.missing_required.join(', ')} (map them in mapping.json)`);
}

// ---- the command ------------------------------------------------------------------------------------------------

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new Error(`${path}: cannot read JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

export async function runInspect(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const flags = parseFlags('inspect', argv, { json: 'boolean', mapping: 'string', encoding: 'string', county: 'string' }, 1);
  const target = flags.positionals[0];
  if (target === undefined) throw new UsageError('inspect needs a file or folder (PATH)');
  const encoding = flags.str('encoding');
  if (encoding !== undefined) {
    try {
      parseEncodingName(encoding);
    } catch (e) {
      throw new UsageError(`--encoding: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const path = resolve(target);
  if (!existsSync(path)) throw new Error(`${path}: no such file or folder`);
  const { root, paths } = await collect(path);
  const isDir = statSync(path).isDirectory();

  const countyFile = flags.str('county') ?? (isDir && existsSync(join(path, 'county.json')) ? join(path, 'county.json') : PATHS.county);
  const county = parseCountyConfig(await readJson(countyFile), countyFile);
  const mappingFile = flags.str('mapping') ?? (existsSync(join(root, 'mapping.json')) ? join(root, 'mapping.json') : null);
  const mapping = mappingFile ? parseMappingFile(await readJson(mappingFile), mappingFile) : null;

  const files: FileInput[] = [];
  for (const p of paths) files.push({ name: relative(root, p).split('\\').join('/'), bytes: new Uint8Array(await readFile(p)) });
  const read = await readAll(files, encoding);

  const analysed = read.imported.map((src) => analyse(src, county, mapping));
  const sources = analysed.map((a) => a.report);
  const joinSpec = mapping?.enterprises?.join ?? null;
  let joinReport: ReturnType<typeof joinEnterprises> | null = null;
  if (joinSpec) {
    const of = (t: Target) => analysed.filter((a) => a.report.target?.name === t && a.applied).flatMap((a) => a.applied!);
    const parcels = of('parcels');
    const firms = of('enterprises');
    if (parcels.length && firms.length) joinReport = joinEnterprises(parcels, firms, joinSpec);
  }

  if (flags.bool('json')) {
    const jr = joinReport && { by: joinSpec!.by, matched: joinReport.matched, unmatched_parcels: joinReport.unmatchedParcels, unmatched_enterprises: joinReport.unmatchedEnterprises, problems: joinReport.problems };
    out(
      JSON.stringify({
        path,
        county: { id: county.id, extent: county.extent, config: countyFile },
        mapping_file: mappingFile,
        sources,
        join: jr,
        ignored: read.ignored,
        errors: read.errors,
      }),
    );
  } else {
    out(`inspect ${path}: ${plural(files.length, 'file')}, county "${county.id}" extent ${fmtExtent(county.extent)} (${countyFile})`);
    out(mappingFile ? `mapping: ${mappingFile}` : 'mapping: none (suggestions from the alias table; write mapping.json to fix them, see docs/mapping.md)');
    for (const r of sources) printSource(r, out);
    if (joinReport) {
      out('');
      out(`join enterprises → parcels by ${joinSpec!.by}: ${plural(joinReport.matched, 'parcel')} matched`);
      for (const p of joinReport.problems) out(`  ${p}`);
      for (const u of joinReport.unmatchedParcels) out(`  unmatched parcel: ${u.where} (${u.key})`);
      for (const u of joinReport.unmatchedEnterprises) out(`  unmatched enterprise: ${u.where} (${u.key})`);
    }
    if (read.ignored.length) out('');
    for (const i of read.ignored) out(`ignored ${i.file}: ${i.why}`);
  }
  for (const [t, m] of Object.entries(mapping ?? {}) as [Target, TargetMapping][]) {
    if (m.file !== null && !read.imported.some((src) => sourceMatches(m.file!, src))) err(`${mappingFile}: ${t}.file "${m.file}" matches no source read in ${path}`);
  }
  for (const e of read.errors) err(`${e.message.startsWith(e.file) ? e.message : `${e.file}: ${e.message}`}`);
  if (sources.length === 0) {
    err(`inspect: nothing readable in ${path}${files.length === 0 ? ' (no files)' : ''}`);
    return 1;
  }
  return 0;
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  usage: USAGE,
  run: (argv) =>
    runInspect(
      argv,
      (s) => console.log(s),
      (s) => console.error(s),
    ),
};
