// Presets for 天地图 (the national platform's Web Mercator `_w` WMTS services, KVP form; ../../../docs/basemaps.md):
// an entry `{ "preset": "tianditu-img", "key": …, "review_number": … }` takes every other field from here. The
// 审图号 is deliberately absent: it is the provider's current number and must come from the configuration.
import type { BasemapDef } from './types.ts';

/** The fields a preset gives (everything but the key and the 审图号). */
export type BasemapPreset = Omit<BasemapDef, 'key' | 'review_number' | 'host' | 'scheme'>;

/** The KVP GetTile template of one 天地图 layer in tile matrix set `w` (Web Mercator), hosts t0–t7. */
export function tiandituUrl(layer: string): string {
  return (
    `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
    '&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}'
  );
}

const TIANDITU_ATTRIBUTION = { zh: '天地图', en: 'Tianditu (National Platform for Common GeoSpatial Information Services)' };
const TIANDITU_HOSTS = ['0', '1', '2', '3', '4', '5', '6', '7'];

function tianditu(id: string, name: { zh: string; en: string }, kind: BasemapDef['kind'], layer: string, labels: string, maxzoom: number): BasemapPreset {
  return {
    id,
    name,
    kind,
    url: tiandituUrl(layer),
    annotation_url: tiandituUrl(labels),
    subdomains: [...TIANDITU_HOSTS],
    datum: 'cgcs2000',
    attribution: { ...TIANDITU_ATTRIBUTION },
    // The `w` matrix set starts at level 1: there is no level-0 tile to ask for.
    minzoom: 1,
    maxzoom,
    tile_size: 256,
    public: true,
  };
}

export const PRESETS: Readonly<Record<string, BasemapPreset>> = {
  'tianditu-vec': tianditu('tianditu-vec', { zh: '天地图矢量', en: 'Tianditu map' }, 'vector', 'vec', 'cva', 18),
  'tianditu-img': tianditu('tianditu-img', { zh: '天地图影像', en: 'Tianditu imagery' }, 'imagery', 'img', 'cia', 18),
  // The shaded-relief layer stops at level 14 (the labels go further, but are drawn only where the relief is).
  'tianditu-ter': tianditu('tianditu-ter', { zh: '天地图地形', en: 'Tianditu terrain' }, 'vector', 'ter', 'cta', 14),
};

export const PRESET_NAMES = Object.keys(PRESETS);
