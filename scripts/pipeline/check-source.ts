// What `tenglong check FILE` reads when FILE is a county's own file rather than a GeoJSON in schema names: a
// Shapefile (its .dbf/.prj/.cpg beside it), a zip, a GeoPackage, FlatGeobuf, or a GeoJSON with Chinese field names.
// The one parcels layer in it is mapped (mapping.json's `parcels` entry, else the built-in aliases, said on stderr)
// and written as GeoJSON to a temporary folder, which the check then reads like any other file — the same readers
// and mapping as build-data, so the check and the build agree on the same file.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { applyMapping, MappingError, parseMappingFile, suggestMapping, suggestionToMapping, type TargetMapping } from '../../src/lib/import/mapping.ts';
import { readSources } from '../../src/lib/import/read-source.ts';
import type { FileInput, ImportedLayer } from '../../src/lib/import/types.ts';
import { inSchemaNames, mappedCollection } from './county-sources.ts';

export interface CheckSource {
  /** The GeoJSON to read. */
  path: string;
  /** Removes the temporary file, if one was written. */
  done: () => Promise<void>;
}

const SHAPEFILE_PARTS = ['.shp', '.dbf', '.shx', '.prj', '.cpg'];

/** The files a reader needs for `file`: a Shapefile's parts by its base name, else the file alone. */
async function inputsOf(file: string): Promise<FileInput[]> {
  const ext = extname(file).toLowerCase();
  const names =
    ext === '.shp'
      ? (await readdir(dirname(file))).filter((n) => SHAPEFILE_PARTS.includes(extname(n).toLowerCase()) && basename(n, extname(n)) === basename(file, extname(file)))
      : [basename(file)];
  const out: FileInput[] = [];
  for (const n of names) out.push({ name: n, bytes: new Uint8Array(await readFile(join(dirname(file), n))) });
  return out;
}

/**
 * null when FILE is a GeoJSON in the schema's own field names (read as it always was); otherwise the mapped layer.
 * Throws an Error naming the file when nothing checkable is in it.
 */
export async function checkSource(file: string, opts: { mapping?: string | undefined; encoding?: string | undefined; note: (line: string) => void }): Promise<CheckSource | null> {
  if (!existsSync(file)) throw new Error(`${file}: no such file`);
  const ext = extname(file).toLowerCase();
  if ((ext === '.geojson' || ext === '.json') && opts.mapping === undefined && (await inSchemaNames(file))) return null;
  const result = await readSources(await inputsOf(file), { encoding: opts.encoding });
  const layers = result.imported.filter((s): s is ImportedLayer => s.kind === 'layer');
  if (layers.length === 0) throw new Error(result.errors[0]?.message ?? `${file}: holds no layer of parcels (${result.ignored.map((i) => `${i.file}: ${i.why}`).join('; ') || 'nothing readable'})`);
  if (layers.length > 1) throw new Error(`${file}: holds ${layers.length} layers (${layers.map((l) => l.file).join(', ')}); check one at a time`);
  const layer = layers[0]!;
  let mapping: TargetMapping;
  if (opts.mapping !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse((await readFile(opts.mapping, 'utf8')).replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new Error(`${opts.mapping}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    let parsed;
    try {
      parsed = parseMappingFile(raw, opts.mapping);
    } catch (e) {
      if (e instanceof MappingError) throw new Error(e.message);
      throw e;
    }
    if (!parsed.parcels) throw new Error(`${opts.mapping}: has no "parcels" entry to read ${file} with`);
    mapping = parsed.parcels;
  } else {
    const samples: Record<string, (string | number | boolean | null)[]> = {};
    for (const f of layer.fields) samples[f] = layer.features.slice(0, 20).map((x) => (x.properties[f] ?? null) as string | number | boolean | null);
    const s = suggestMapping('parcels', layer.fields, samples);
    mapping = suggestionToMapping(s, layer.file);
    opts.note(`${file}: read through the built-in aliases: ${Object.entries(mapping.fields).map(([f, r]) => `${f} ← ${r.from}`).join(', ') || 'nothing'} (--mapping F to change it)`);
  }
  const applied = layer.features.map((f) => applyMapping('parcels', f.properties, mapping));
  const { collection } = mappedCollection('parcels', layer, applied, false);
  const dir = await mkdtemp(join(tmpdir(), 'tenglong-check-'));
  const path = join(dir, 'parcels.geojson');
  await writeFile(path, JSON.stringify(collection));
  return { path, done: () => rm(dir, { recursive: true, force: true }) };
}
