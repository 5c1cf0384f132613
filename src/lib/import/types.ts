// What the readers of a county's own files give the rest of the import (issue 13): layers with geometry in their
// source CRS and source field names, and tables (csv, xlsx). Pure: the CLI hands in bytes read from disk, the
// browser bytes of dropped files; nothing here touches a file system or the DOM.

/** A file as the readers get it: its name (as given: a path relative to the folder, or a zip member) and bytes. */
export interface FileInput {
  name: string;
  bytes: Uint8Array;
}

export type LayerFormat = 'geojson' | 'shapefile' | 'shapefile-zip' | 'geopackage' | 'flatgeobuf';
export type TableFormat = 'csv' | 'xlsx';

/**
 * Anything a reader cannot take: the message names the file, and where it applies the feature or row (1-based row
 * numbers as a spreadsheet shows them) and the field. Never thrown for one bad feature among good ones: those are
 * the pipeline's rejects, with their reasons.
 */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** The CRS a file declares, as written, and the code it maps to (null: none declared). */
export interface DeclaredCrs {
  /** 'EPSG:4549', 'EPSG:4490', … — a code src/lib/geo/crs.ts supports. */
  code: string | null;
  /** Where the declaration came from. */
  from: 'prj' | 'gpkg-srs' | 'geojson-crs' | 'fgb-header' | 'none';
  /** The name the file gives it (the WKT's PROJCS/GEOGCS name, the srs_name), quoted in messages. */
  name: string | null;
}

export interface RawFeature {
  type: 'Feature';
  /** In the source CRS; null for a record without a shape (a reject later, with its reason). */
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown>;
}

export interface ImportedLayer {
  kind: 'layer';
  /** The file (for a Shapefile, the .shp; inside a zip: `archive.zip/member.shp`). */
  file: string;
  /** The layer's name: the Shapefile's base name, the GeoPackage table, the GeoJSON file's base name. */
  name: string;
  format: LayerFormat;
  /** The text encoding of the attributes ('utf-8', 'gb18030', …) and how it was decided. */
  encoding: { name: string; from: 'cpg' | 'detected' | 'declared' | 'format' };
  crs: DeclaredCrs;
  /** Geometry types present ('Polygon', 'MultiPolygon', 'Point', …), sorted. */
  geometryTypes: string[];
  /** Attribute names in the source's order. */
  fields: string[];
  features: RawFeature[];
  /** What the reader noticed but did not refuse (e.g. a Shapefile without .prj: CRS left to declaration/detection). */
  warnings?: string[];
}

export type Cell = string | number | boolean | null;

export interface ImportedTable {
  kind: 'table';
  file: string;
  /** The sheet's name (xlsx) or the file's base name (csv). */
  name: string;
  format: TableFormat;
  encoding: { name: string; from: 'detected' | 'declared' | 'format' };
  /** Column titles as written in the header row (trimmed), in order. */
  fields: string[];
  /** Row number (1-based, as the spreadsheet shows it) of the first data row; row i of `rows` is that + i. */
  firstRow: number;
  rows: Record<string, Cell>[];
}

export type Imported = ImportedLayer | ImportedTable;

/** A file readSources did not read on its own, and why (a Shapefile's side part, an unknown extension, …). */
export interface IgnoredFile {
  file: string;
  why: string;
}

/**
 * What readSources found in a set of files: everything read, every file left aside with its reason, and the
 * ImportError of each file that could not be read (one bad file does not hide the others).
 */
export interface ReadResult {
  imported: Imported[];
  ignored: IgnoredFile[];
  errors: ImportError[];
}
