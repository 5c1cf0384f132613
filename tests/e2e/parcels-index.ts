// The lead's pipeline writes /data/internal/parcels-index.json; specs pick real parcels from it instead of
// hard-coding ids, so they keep working when the sample generator changes.
import { fetchJson } from './browser.ts';

export interface IndexedParcel {
  id: string;
  name: string;
  enterprise_name: string | null;
  /** A point inside the parcel, [lon, lat]. */
  centroid: [number, number];
  area_mu_planar: number;
}

export const PARCELS_INDEX_PATH = '/data/internal/parcels-index.json';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function toParcel(v: unknown, i: number): IndexedParcel {
  const where = `${PARCELS_INDEX_PATH}[${i}]`;
  if (!isRecord(v)) throw new Error(`${where}: not an object`);
  const { id, name, enterprise_name, centroid, area_mu_planar } = v;
  if (typeof id !== 'string' || id === '') throw new Error(`${where}: id must be a non-empty string`);
  if (typeof name !== 'string') throw new Error(`${where} (${id}): name must be a string`);
  if (enterprise_name !== null && typeof enterprise_name !== 'string') {
    throw new Error(`${where} (${id}): enterprise_name must be a string or null`);
  }
  if (!Array.isArray(centroid) || centroid.length !== 2 || !centroid.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw new Error(`${where} (${id}): centroid must be [lon, lat]`);
  }
  if (typeof area_mu_planar !== 'number' || !(area_mu_planar > 0)) {
    throw new Error(`${where} (${id}): area_mu_planar must be a positive number`);
  }
  return { id, name, enterprise_name, centroid: [centroid[0] as number, centroid[1] as number], area_mu_planar };
}

export async function loadParcelsIndex(): Promise<IndexedParcel[]> {
  const raw = await fetchJson(PARCELS_INDEX_PATH);
  if (!Array.isArray(raw) || raw.length === 0) throw new Error(`${PARCELS_INDEX_PATH}: expected a non-empty array`);
  return raw.map(toParcel);
}

/**
 * A parcel that is easy to hit with a click at its centroid: a large one (big on screen at z 17.5), but
 * not an outlier, so a strangely shaped giant does not decide the test. Deterministic for a given index.
 */
export function pickClickableParcel(parcels: readonly IndexedParcel[]): IndexedParcel {
  const sorted = [...parcels].sort((a, b) => b.area_mu_planar - a.area_mu_planar || a.id.localeCompare(b.id));
  const pick = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length / 10))];
  if (pick === undefined) throw new Error(`${PARCELS_INDEX_PATH}: no parcels`);
  return pick;
}

/** Web-Mercator pixel offset of `to` from `from` at `zoom` (MapLibre: 512-px tiles, north up). */
export function pixelOffset(from: [number, number], to: [number, number], zoom: number): { dx: number; dy: number } {
  const world = 512 * 2 ** zoom;
  const x = (lon: number): number => ((lon + 180) / 360) * world;
  const y = (lat: number): number => {
    const s = Math.sin((lat * Math.PI) / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world;
  };
  return { dx: x(to[0]) - x(from[0]), dy: y(to[1]) - y(from[1]) };
}

/** The centre param as the URL writes it (5 decimals). */
export function centreParam([lon, lat]: [number, number]): string {
  return `${lon.toFixed(5)},${lat.toFixed(5)}`;
}
