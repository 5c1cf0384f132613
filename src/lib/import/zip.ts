// Zip archives, as county offices send Shapefiles: unzipped whole with fflate (pure JS, the same in Node and in a
// worker), members named `archive.zip/path/in/zip`. Member names: a zip marks UTF-8 names with a flag; without it
// fflate reads the bytes as Latin-1 (one char per byte), so Windows-made archives with GBK names come out as mojibake.
// Those names are turned back into their bytes and decoded as UTF-8 (macOS and many tools write UTF-8 without the
// flag), else as GB18030; when neither decodes, the Latin-1 name is kept — it still pairs parts by base name.
import { unzipSync } from 'fflate';
import { groupShapefiles } from './shapefile-parts.ts';
import { readShapefile, type ShapefileOptions } from './shapefile.ts';
import { ImportError, type FileInput, type IgnoredFile, type ImportedLayer } from './types.ts';

const strict = (label: string) => new TextDecoder(label, { fatal: true });

/** The member name as its writer meant it (see the module comment). */
export function decodeZipName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(name) || /[^\x00-\xff]/.test(name)) return name; // ASCII, or already decoded as UTF-8
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  for (const label of ['utf-8', 'gb18030']) {
    try {
      return strict(label).decode(bytes);
    } catch {
      // not this encoding
    }
  }
  return name;
}

/** Folders, macOS resource forks (__MACOSX/, ._x) and empty entries: not files of the layer. */
const isNoise = (name: string, bytes: Uint8Array): boolean =>
  name.endsWith('/') || /(^|\/)__MACOSX\//.test(name) || /(^|\/)\._/.test(name) || (bytes.length === 0 && !/\.[^/]+$/.test(name));

/** Every file in the archive, named `zip.name/member`. */
export function unzipMembers(zip: FileInput): FileInput[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip.bytes);
  } catch (e) {
    throw new ImportError(zip.name, `is not a zip archive that can be read (${e instanceof Error ? e.message : String(e)})`);
  }
  return Object.entries(entries)
    .filter(([name, bytes]) => !isNoise(name, bytes))
    .map(([name, bytes]) => ({ name: `${zip.name}/${decodeZipName(name)}`, bytes }));
}

/** Reads every Shapefile in a zip; a zip without any .shp is an ImportError naming what it holds. */
export async function readShapefileZip(zip: FileInput, opts: ShapefileOptions = {}): Promise<{ layers: ImportedLayer[]; ignored: IgnoredFile[]; rest: FileInput[] }> {
  const members = unzipMembers(zip);
  const { shapefiles, rest, ignored } = groupShapefiles(members);
  if (shapefiles.length === 0) throw noShapefile(zip.name, members);
  const layers: ImportedLayer[] = [];
  for (const parts of shapefiles) layers.push(await readShapefile(parts, { ...opts, format: 'shapefile-zip' }));
  return { layers, ignored, rest };
}

export function noShapefile(zipName: string, members: FileInput[]): ImportError {
  const prefix = `${zipName}/`;
  const names = members.map((m) => m.name.slice(prefix.length));
  const list = names.length ? names.map((n) => `"${n}"`).join(', ') : 'no files at all';
  return new ImportError(zipName, `holds no Shapefile (.shp) to read; it holds ${list}`);
}
