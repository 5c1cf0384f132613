// What shapefile.ts uses of the `shapefile` package (0.6.x), declared here rather than taken from @types/shapefile
// (see lib-shapefile.js).

export interface ShapefileFeature {
  type: 'Feature';
  /** The dbf record, keyed by field name as the package decodes it; absent when the dbf has run out of records. */
  properties: Record<string, unknown> | null | undefined;
  /** GeoJSON geometry; null for a null shape. */
  geometry: { type: string; coordinates: unknown } | null;
}

export interface ShapefileSource {
  bbox: number[];
  read(): Promise<{ done: true; value: undefined } | { done: false; value: ShapefileFeature }>;
  cancel(): Promise<void>;
}

/** `encoding` is a TextDecoder label for the dbf text (the package's default is windows-1252). */
export function open(shp: Uint8Array | ArrayBuffer, dbf?: Uint8Array | ArrayBuffer, options?: { encoding?: string }): Promise<ShapefileSource>;
