// Where build-data reads each layer and side file of a county folder (issue 13). A county's own files — a zipped
// Shapefile, a GeoPackage, an .xlsx of 亩均 results, GeoJSON with Chinese field names — are read by the import
// readers (src/lib/import), mapped to the schema by mapping.json (or, without one, by the built-in alias table, which
// is reported), joined (enterprises to parcels by credit code or name) and written as GeoJSON / JSON into the build's
// work folder: from there the streamed pipeline runs unchanged, and names the original file in every message.
//
// A record the mapping cannot take (a value outside its value map, a unit conversion of a non-number, a mapped column
// missing) keeps its place and goes through the pipeline marked with MAPPING_PROBLEMS, so it is set aside there with
// the others, under its own index, naming the source column and the value, with the source record beside it.
import { existsSync } from 'node:fs';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import type { Target } from '../../src/lib/import/aliases.ts';
import {
  applyMapping,
  guessTarget,
  joinEnterprises,
  MappingError,
  parseMappingFile,
  sourceMatches,
  suggestMapping,
  suggestionToMapping,
  type Applied,
  type JoinResult,
  type JoinSpec,
  type MappingFile,
  type TargetMapping,
} from '../../src/lib/import/mapping.ts';
import { readSources } from '../../src/lib/import/read-source.ts';
import { bytesSource, readFeatures, sniffEncoding } from '../../src/lib/data/geojson-stream.ts';
import type { Cell, FileInput, Imported, ImportedLayer, ImportedTable } from '../../src/lib/import/types.ts';

/** Marks a mapped record with what its mapping could not take; the pipeline's parsers set it aside with this. */
export const MAPPING_PROBLEMS = '__mapping_problems';
/** The source record (its own field names and values) beside the mapped one, kept in rejects.json. */
export const SOURCE_RECORD = '__source';

/** The file build-data reads for a layer or side file, and the name its messages give. */
export interface SourcePath {
  path: string;
  label: string;
  /** The source's own text encoding and how it was decided, when it was read by an import reader. */
  encoding?: string;
}

/** Files the readers take (GeoJSON layers named after the schema are read directly, as before). */
const IMPORTABLE = /\.(zip|shp|dbf|shx|prj|cpg|gpkg|fgb|csv|xlsx)$/i;

export class SourceError extends Error {
  override name = 'SourceError';
}

/** A parsers' wrapper: a record marked by the mapping is refused with the mapping's reasons; the marks never reach the schema. */
export function unmarked<R>(parse: (p: unknown) => R, refuse: (reason: string) => R): (p: unknown) => R {
  return (p) => {
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return parse(p);
    const o = p as Record<string, unknown>;
    if (!(MAPPING_PROBLEMS in o) && !(SOURCE_RECORD in o)) return parse(p);
    const problems = o[MAPPING_PROBLEMS];
    if (Array.isArray(problems) && problems.length > 0) return refuse(problems.map(String).join('; '));
    const { [MAPPING_PROBLEMS]: _p, [SOURCE_RECORD]: _s, ...rest } = o;
    return parse(rest);
  };
}

export class CountySources {
  private imported: Imported[] | null = null;
  /** What the readers could not take (each also logged as a warning when read). */
  readonly unreadable: string[] = [];
  private readonly written = new Map<string, SourcePath>();
  private join: JoinResult | null = null;

  private constructor(
    private readonly src: string,
    private readonly work: string,
    readonly mapping: MappingFile | null,
    readonly mappingFile: string | null,
    private readonly encoding: string | undefined,
    private readonly sample: boolean,
    private readonly log: (line: string) => void,
  ) {}

  /** Reads mapping.json (`mappingPath`, else <src>/mapping.json when there is one). A bad mapping refuses the build. */
  static async open(src: string, work: string, opts: { mapping?: string | undefined; encoding?: string | undefined; sample: boolean; log: (line: string) => void }): Promise<CountySources> {
    const file = opts.mapping ?? (existsSync(join(src, 'mapping.json')) ? join(src, 'mapping.json') : null);
    let mapping: MappingFile | null = null;
    if (file) {
      let raw: unknown;
      try {
        raw = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
      } catch (e) {
        throw new SourceError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
      }
      try {
        mapping = parseMappingFile(raw, file);
      } catch (e) {
        if (e instanceof MappingError) throw new SourceError(e.message);
        throw e;
      }
    }
    return new CountySources(src, work, mapping, file, opts.encoding, opts.sample, opts.log);
  }

  /** Every source file of the folder that a build reads (for the source hash). */
  static async sourceFiles(src: string): Promise<string[]> {
    return (await readdir(src)).filter((n) => /\.(geo)?json$/i.test(n) || IMPORTABLE.test(n)).sort();
  }

  /** The readers' view of the folder's importable files (read once, on first need). */
  private async importedSources(): Promise<Imported[]> {
    if (this.imported) return this.imported;
    const names = (await readdir(this.src)).filter((n) => IMPORTABLE.test(n) || this.namedByMapping(n)).sort();
    const files: FileInput[] = [];
    for (const name of names) files.push({ name, bytes: new Uint8Array(await readFile(join(this.src, name))) });
    const result = await readSources(files, { encoding: this.encoding });
    for (const e of result.errors) {
      const line = `${join(this.src, e.file)}: ${e.message.startsWith(e.file) ? e.message.slice(e.file.length + 2) : e.message}`;
      this.unreadable.push(line);
      this.log(`warning: ${line}`);
    }
    this.imported = result.imported;
    return this.imported;
  }

  private namedByMapping(name: string): boolean {
    return Object.values(this.mapping ?? {}).some((m) => m?.file !== null && m?.file !== undefined && sourceMatches(m.file, { file: name, name: basename(name) }));
  }

  /** The source a target reads, with the mapping that applies to it; null when the folder has none. */
  private async sourceFor(target: Target, kind: 'layer' | 'table'): Promise<{ source: ImportedLayer | ImportedTable; mapping: TargetMapping; how: string } | null> {
    const m = this.mapping?.[target];
    const all = (await this.importedSources()).filter((s) => s.kind === kind);
    if (m?.file) {
      const hits = all.filter((s) => sourceMatches(m.file!, s));
      if (hits.length === 0) {
        const unread = this.unreadable.length ? `; could not read: ${this.unreadable.join('; ')}` : '';
        throw new SourceError(`${this.mappingFile}: ${target}.file "${m.file}" names no readable ${kind} in ${this.src} (read: ${all.map((s) => s.file).join(', ') || 'none'}${unread})`);
      }
      if (hits.length > 1) {
        throw new SourceError(`${this.mappingFile}: ${target}.file "${m.file}" matches ${hits.length} sources (${hits.map((s) => `${s.file} "${s.name}"`).join(', ')}); name one by its layer or sheet name`);
      }
      return { source: hits[0]!, mapping: m, how: `mapping ${relative(this.src, this.mappingFile!) || this.mappingFile}` };
    }
    // No file named: the source whose fields and name fit this target best.
    const guessed = all.filter((s) => guessTarget(s, samplesOf(s))?.target === target);
    if (guessed.length === 0) return null;
    if (guessed.length > 1) throw new SourceError(`${this.src}: ${guessed.map((s) => s.file).join(', ')} all look like ${target}; say which in mapping.json ("${target}": { "file": … })`);
    const source = guessed[0]!;
    if (m) return { source, mapping: m, how: `mapping ${this.mappingFile}` };
    const suggestion = suggestMapping(target, source.fields, samplesOf(source));
    const mapping = suggestionToMapping(suggestion, source.file);
    const pairs = Object.entries(mapping.fields).map(([f, r]) => `${f} ← ${r.from}`);
    this.log(`${target}: no mapping.json entry; the built-in aliases read ${source.file} as: ${pairs.join(', ') || 'nothing'}${suggestion.unplaced.length ? `; not used: ${suggestion.unplaced.join(', ')}` : ''} (write mapping.json to change it: \`tenglong inspect ${this.src}\` suggests one)`);
    return { source, mapping, how: 'built-in aliases' };
  }

  /**
   * The GeoJSON build-data reads for a layer: <name>.geojson as it is when no mapping entry concerns it; otherwise the
   * mapped layer written into the work folder. null when the folder has the layer in no form.
   */
  async layer(name: Target): Promise<SourcePath | null> {
    const plain = join(this.src, `${name}.geojson`);
    const m = this.mapping?.[name];
    if (existsSync(plain) && (!m || m.file === null || sourceMatches(m.file, { file: `${name}.geojson`, name }))) {
      if (!m && (await inSchemaNames(plain))) return { path: plain, label: plain };
      // A GeoJSON whose fields need the mapping: read it like any other source.
      const text = await readFile(plain);
      const res = await readSources([{ name: `${name}.geojson`, bytes: new Uint8Array(text) }], { encoding: this.encoding });
      const layer = res.imported.find((s): s is ImportedLayer => s.kind === 'layer');
      if (!layer) throw new SourceError(`${plain}: ${res.errors[0]?.message ?? 'not a FeatureCollection'}`);
      if (m) return this.writeLayer(name, layer, m, `mapping ${this.mappingFile}`);
      // Named after the layer but in the county's own field names (地块编号, 使用状态…): the built-in aliases read it.
      const suggestion = suggestMapping(name, layer.fields, samplesOf(layer));
      const mapping = suggestionToMapping(suggestion, layer.file);
      this.log(`${name}: ${plain} does not use the schema's field names; the built-in aliases read it as: ${Object.entries(mapping.fields).map(([f, r]) => `${f} ← ${r.from}`).join(', ') || 'nothing'}${suggestion.unplaced.length ? `; not used: ${suggestion.unplaced.join(', ')}` : ''}`);
      return this.writeLayer(name, layer, mapping, 'built-in aliases');
    }
    const found = await this.sourceFor(name, 'layer');
    if (!found) return null;
    return this.writeLayer(name, found.source as ImportedLayer, found.mapping, found.how);
  }

  private async writeLayer(name: Target, layer: ImportedLayer, mapping: TargetMapping, how: string): Promise<SourcePath> {
    const label = join(this.src, layer.file);
    for (const w of layer.warnings ?? []) this.log(`warning: ${join(this.src, w)}`);
    let props = layer.features.map((f) => applyMapping(name, f.properties, mapping));
    if (name === 'parcels') props = await this.joinParcels(layer, props);
    const { collection: fc, problems } = mappedCollection(name, layer, props, name === 'parcels' && this.sample);
    const path = join(this.work, `${name}.mapped.geojson`);
    await writeFile(path, JSON.stringify(fc));
    this.log(
      `${name}: read from ${layer.file} (${layer.format}, ${layer.encoding.name} from ${layer.encoding.from}, CRS ${layer.crs.code ?? 'not declared'}${layer.crs.name ? ` "${layer.crs.name}"` : ''}) through the ${how}` +
        (problems ? `; ${problems} features the mapping cannot take are set aside below` : ''),
    );
    const out: SourcePath = { path, label, encoding: `${layer.encoding.name} (${layer.encoding.from})` };
    this.written.set(name, out);
    return out;
  }

  /** Enterprises joined to the parcels (mapping `enterprises.join`), unmatched rows reported on both sides. */
  private async joinParcels(layer: ImportedLayer, props: Applied[]): Promise<Applied[]> {
    let spec: JoinSpec | null = this.mapping?.enterprises?.join ?? null;
    const table = spec || !props.some((p) => p.props['enterprise_id']) ? await this.enterpriseRows() : null;
    if (spec && !table) throw new SourceError(`${this.mappingFile}: enterprises.join is set but the folder has no enterprises table`);
    if (!spec && table) {
      // No mapping says how, and no parcel names its firm by our id: join by what both sides carry, and say so.
      const has = (rows: readonly Record<string, unknown>[], f: string) => rows.some((r) => r[f] !== undefined && r[f] !== null && r[f] !== '');
      const parcels = props.map((p) => p.props);
      if (has(parcels, 'credit_code') && has(table.rows, 'credit_code')) spec = { by: 'credit_code', parcel: 'credit_code', table: 'credit_code' };
      else if (has(parcels, 'enterprise_name') && has(table.rows, 'name')) spec = { by: 'name', parcel: 'enterprise_name', table: 'name' };
      if (spec) this.log(`join: no mapping.json says how; the parcels and ${table.file} both carry the firm's ${spec.by === 'credit_code' ? '统一社会信用代码' : 'name'}, so they are joined by it (set "enterprises": { "join": … } to change it)`);
    }
    if (!spec || !table) return props;
    const joined = joinEnterprises(
      props.map((p, i) => ({ where: `${layer.file} feature ${i + 1}`, props: p.props })),
      table.rows.map((r, i) => ({ where: `${table.file} row ${table.firstRow + i}`, props: r })),
      spec,
    );
    this.join = joined;
    const first = <T>(list: T[], show: (t: T) => string) => (list.length ? ` (first: ${list.slice(0, 3).map(show).join('; ')})` : '');
    this.log(
      `join enterprises → parcels by ${spec.by === 'credit_code' ? 'credit code' : 'name'}: ${joined.matched} parcels matched; ` +
        `${joined.unmatchedParcels.length} parcels name a key no enterprise has${first(joined.unmatchedParcels, (u) => `${u.where}: ${u.key}`)}; ` +
        `${joined.unmatchedEnterprises.length} enterprises no parcel names${first(joined.unmatchedEnterprises, (u) => `${u.where}: ${u.key}`)}`,
    );
    for (const p of joined.problems) this.log(`warning: ${p}`);
    return props.map((p, i) => ({ props: joined.parcels[i]!, problems: p.problems }));
  }

  private enterpriseTable: { file: string; encoding: ImportedTable['encoding']; firstRow: number; rows: Record<string, unknown>[]; problems: string[][]; sources: Record<string, Cell>[] } | null | undefined;

  /** The enterprises table mapped to the schema (rows in order, with their mapping problems). */
  private async enterpriseRows(): Promise<CountySources['enterpriseTable']> {
    if (this.enterpriseTable !== undefined) return this.enterpriseTable;
    const found = await this.sourceFor('enterprises', 'table');
    if (!found) return (this.enterpriseTable = null);
    const t = found.source as ImportedTable;
    const applied = t.rows.map((r) => applyMapping('enterprises', r, found.mapping));
    this.enterpriseTable = { file: t.file, encoding: t.encoding, firstRow: t.firstRow, rows: applied.map((a) => a.props), problems: applied.map((a) => a.problems.map((p) => p.message)), sources: t.rows };
    this.log(`enterprises: read from ${t.file} (${t.format}, sheet/table "${t.name}", rows ${t.firstRow}–${t.firstRow + t.rows.length - 1}) through the ${found.how}`);
    return this.enterpriseTable;
  }

  /**
   * The JSON build-data reads for a side file: the file itself when the folder has it (and no mapping concerns it);
   * enterprises.json may instead come from a mapped table (.xlsx, .csv).
   */
  async side(name: string): Promise<SourcePath | null> {
    const plain = join(this.src, name);
    if (name !== 'enterprises.json' || (existsSync(plain) && !this.mapping?.enterprises)) return existsSync(plain) ? { path: plain, label: plain } : null;
    const table = await this.enterpriseRows();
    if (!table) return existsSync(plain) ? { path: plain, label: plain } : null;
    const enterprises = table.rows.map((r, i) => {
      const p: Record<string, unknown> = { ...r };
      if (table.problems[i]!.length) p[MAPPING_PROBLEMS] = table.problems[i];
      p[SOURCE_RECORD] = table.sources[i];
      return p;
    });
    const path = join(this.work, 'enterprises.mapped.json');
    await writeFile(path, JSON.stringify({ enterprises }));
    return { path, label: join(this.src, table.file), encoding: `${table.encoding.name} (${table.encoding.from})` };
  }

  /** What the join found, for the build report (null: no join). */
  joinReport(): { matched: number; unmatched_parcels: number; unmatched_enterprises: number; problems: string[] } | null {
    const j = this.join;
    return j ? { matched: j.matched, unmatched_parcels: j.unmatchedParcels.length, unmatched_enterprises: j.unmatchedEnterprises.length, problems: j.problems } : null;
  }
}

/**
 * Whether a GeoJSON uses the schema's own field names: one of its first features has an `id`. A county's own export
 * has 地块编号, DKBH or ID instead; a file in schema names with a feature lacking its id is still read as it is, so
 * that feature is rejected as before. Reads at most the first MiB (a large file is streamed by the pipeline, never
 * held here); a file without a readable feature there counts as in schema names, and the pipeline says what is wrong.
 */
export async function inSchemaNames(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  let head: Uint8Array;
  try {
    const buf = new Uint8Array(1 << 20);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const keys: string[][] = [];
  try {
    const src = bytesSource(path, head);
    await readFeatures(src, await sniffEncoding(src), (f) => {
      const p = (f as { properties?: unknown }).properties;
      if (p && typeof p === 'object' && keys.length < 5) keys.push(Object.keys(p));
    });
  } catch {
    // The head ends mid-file: the features before the cut are what counts.
  }
  if (keys.length === 0) return true;
  return keys.some((k) => k.includes('id'));
}

/**
 * A mapped layer as the GeoJSON the pipeline (and `tenglong check`) reads: schema props, the records the mapping
 * could not take marked, each feature's source record beside it, the declared CRS as the `crs` member.
 */
export function mappedCollection(name: Target, layer: ImportedLayer, applied: readonly Applied[], sample: boolean): { collection: Record<string, unknown>; problems: number } {
  let problems = 0;
  const features = layer.features.map((f, i) => {
    const a = applied[i]!;
    const p: Record<string, unknown> = { ...a.props };
    // Join keys only: the parcel's enterprise_id is what the schema keeps.
    delete p['credit_code'];
    delete p['enterprise_name'];
    if (a.problems.length) {
      problems++;
      p[MAPPING_PROBLEMS] = a.problems.map((x) => x.message);
    }
    p[SOURCE_RECORD] = f.properties;
    return { type: 'Feature', geometry: f.geometry, properties: p };
  });
  const collection: Record<string, unknown> = { type: 'FeatureCollection', name, features };
  if (layer.crs.code) collection['crs'] = { type: 'name', properties: { name: layer.crs.code } };
  if (sample) collection['sample'] = true;
  return { collection, problems };
}

/** Up to 20 values per field, for the target guess's value shapes. */
function samplesOf(s: Imported): Record<string, Cell[]> {
  const rows = s.kind === 'layer' ? s.features.slice(0, 20).map((f) => f.properties as Record<string, Cell>) : s.rows.slice(0, 20);
  const out: Record<string, Cell[]> = {};
  for (const f of s.fields) out[f] = rows.map((r) => (r[f] ?? null) as Cell);
  return out;
}

