// The shapes of the basemap configuration (data/config/basemaps.json, docs/basemaps.md): what an entry says once its
// preset has filled it in and its ${ENV} placeholders are filled (BasemapDef), and what the app draws (Basemap).

/** The geodetic datum a tile service is drawn in. Only cgcs2000 and wgs84 line up with the county's data. */
export const DATUMS = ['cgcs2000', 'wgs84', 'gcj02', 'bd09'] as const;
export type Datum = (typeof DATUMS)[number];

/** 'imagery' (photos: the opacity slider applies) or 'vector' (a drawn map). */
export const BASEMAP_KINDS = ['imagery', 'vector'] as const;
export type BasemapKind = (typeof BASEMAP_KINDS)[number];

export interface LocalText {
  zh: string;
  en: string;
}

/** One basemap entry, every field explicit (a preset's and the defaults filled in). */
export interface BasemapDef {
  /** `[a-z0-9-]{1,32}`, unique: the value of the URL's `bm` param. */
  id: string;
  name: LocalText;
  kind: BasemapKind;
  /** Tile URL template: {z} {x} {y} (or WMTS {TileMatrix} {TileRow} {TileCol}), {s}, {key}. */
  url: string;
  /** The label layer drawn over `url` (天地图 cva over vec, cia over img); null = none. */
  annotation_url: string | null;
  /** Replaces the host[:port] of both templates (a county mirror, a test stand-in); null = as written. */
  host: string | null;
  /** Replaces the scheme of both templates; null = as written. */
  scheme: 'http' | 'https' | null;
  /** Values of {s}; empty when the templates have none. */
  subdomains: string[];
  /** Fills {key}; null when the templates have none. */
  key: string | null;
  datum: Datum;
  attribution: LocalText;
  /** The provider's 审图号, shown with its tiles. Never invented: it comes from the configuration. */
  review_number: string;
  minzoom: number;
  maxzoom: number;
  tile_size: number;
  /** Allowed on prospect pages (the public site). */
  public: boolean;
}

/** The configuration as the build writes it into index.html (and the app reads it back). */
export interface ResolvedBasemapConfig {
  /** The 审图号 of the county's own printed maps; null = not configured. */
  county_review_number: string | null;
  basemaps: BasemapDef[];
}

/** A basemap ready to draw: its templates expanded to MapLibre tile URLs. */
export interface Basemap extends BasemapDef {
  /** One URL per subdomain, with {z}/{x}/{y} placeholders only (WMTS aliases turned, key and host filled). */
  tiles: string[];
  /** The same for `annotation_url`; null = no annotation layer. */
  annotationTiles: string[] | null;
}

/** A configured basemap the app will not draw (the datum guard), with the reason to show. */
export interface RefusedBasemap {
  id: string;
  name: LocalText;
  datum: Datum;
  message: LocalText;
}

/** What the app loads from the index.html block. */
export interface LoadedBasemaps {
  basemaps: Basemap[];
  refused: RefusedBasemap[];
  countyReviewNumber: string | null;
  /** Entries dropped as malformed (the block is hand-editable), one message each; the rest still load. */
  problems: string[];
}

/** A basemap's tiles failed (BasemapLayer's `onfailure`). */
export interface BasemapFailure {
  id: string;
  /** The HTTP status of the failed tile request; null when no answer came (offline, refused connection, CORS). */
  status: number | null;
}
