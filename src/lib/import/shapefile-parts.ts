// Finds the Shapefiles in a list of files (a folder, a zip's members): the parts of one Shapefile share a path and
// base name and differ in extension, in any letter case (ArcGIS writes .shp, some tools .SHP). Every file that is
// neither a Shapefile part nor taken by another reader comes back in `rest`; parts without their .shp are named in
// `ignored`, with the .shp they lack.
import type { ShapefileParts } from './shapefile.ts';
import type { FileInput, IgnoredFile } from './types.ts';

const PART_EXT = new Set(['shp', 'dbf', 'prj', 'cpg', 'shx']);
/** Side files of a Shapefile that no reader needs: spatial indexes, ArcGIS/QGIS metadata. */
const SIDE_EXT = new Set(['sbn', 'sbx', 'qmd', 'qix', 'fix', 'xml', 'aih', 'ain', 'atx', 'ixs', 'mxs', 'qpj']);

export const extensionOf = (name: string): string => /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
/** 'a/B/x.shp.xml' → 'a/b/x' (the key shared by all parts; .shp.xml is ArcGIS metadata of x.shp). */
const stemOf = (name: string): string => name.replace(/(\.shp)?\.[^./\\]+$/i, '').toLowerCase();

export function groupShapefiles(files: FileInput[]): { shapefiles: ShapefileParts[]; rest: FileInput[]; ignored: IgnoredFile[] } {
  const groups = new Map<string, Partial<Record<string, FileInput>>>();
  const rest: FileInput[] = [];
  const ignored: IgnoredFile[] = [];
  for (const f of files) {
    const ext = extensionOf(f.name);
    if (PART_EXT.has(ext) && !/\.shp\.xml$/i.test(f.name)) {
      const key = stemOf(f.name);
      const g = groups.get(key) ?? {};
      g[ext] = f;
      groups.set(key, g);
    } else if (SIDE_EXT.has(ext)) {
      ignored.push({ file: f.name, why: `a ${ext === 'xml' ? 'metadata' : 'side'} file (.${ext}) no reader needs` });
    } else rest.push(f);
  }
  const shapefiles: ShapefileParts[] = [];
  for (const g of groups.values()) {
    if (g.shp) {
      shapefiles.push({ shp: g.shp, dbf: g.dbf, prj: g.prj, cpg: g.cpg });
      if (g.shx) ignored.push({ file: g.shx.name, why: 'the .shx index of a Shapefile: its .shp is read in order instead' });
    } else {
      for (const part of Object.values(g)) {
        if (part) ignored.push({ file: part.name, why: `a Shapefile part without its .shp (${part.name.replace(/\.[^.]+$/, '.shp')} not found)` });
      }
    }
  }
  return { shapefiles, rest, ignored };
}
