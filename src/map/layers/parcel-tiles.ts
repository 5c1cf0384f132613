import type { VectorSourceSpecification } from 'maplibre-gl';
import type { TileArchive } from '../../app/data-files.ts';

/** A parcel tile archive as ParcelsLayer draws it: its absolute URL, and the zoom from which it holds parcels (cells below). */
export interface ParcelTiles {
  url: string;
  parcelZoom: number;
  /** The archive's zoom range as the manifest states it (absent in a build before it did). */
  minzoom?: number;
  maxzoom?: number;
}

/** The archive at `url` as the manifest describes it. */
export function parcelTiles(url: string, archive: TileArchive): ParcelTiles {
  return { url, parcelZoom: archive.parcel_minzoom, minzoom: archive.minzoom, maxzoom: archive.maxzoom };
}

/**
 * The vector source of the archive. With the zoom range known the tile URLs are given at once, so MapLibre asks for
 * the first view's tiles when the source is added, not after a round trip for the archive's TileJSON (issue 16: the
 * first view). The pmtiles protocol answers `pmtiles://<archive URL>/{z}/{x}/{y}` either way; no `bounds` (the
 * manifest has the parcels' box, but a cell of the low-zoom summary can reach past it), so a tile outside the county
 * is looked up in the archive's directory and is empty.
 */
export function parcelTileSource(t: ParcelTiles): VectorSourceSpecification {
  if (t.minzoom === undefined || t.maxzoom === undefined) return { type: 'vector', url: `pmtiles://${t.url}`, promoteId: 'id' };
  return {
    type: 'vector',
    tiles: [`pmtiles://${t.url}/{z}/{x}/{y}`],
    minzoom: t.minzoom,
    maxzoom: t.maxzoom,
    promoteId: 'id',
  };
}
