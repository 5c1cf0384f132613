import { describe, expect, it } from 'vitest';
import { publicBasemap } from './public.ts';
import type { Basemap } from './types.ts';

function bm(id: string, isPublic: boolean): Basemap {
  return {
    id,
    name: { zh: id, en: id },
    kind: 'imagery',
    url: `https://tiles.example/${id}/{z}/{x}/{y}.png`,
    annotation_url: null,
    host: null,
    scheme: null,
    subdomains: [],
    key: null,
    datum: 'cgcs2000',
    attribution: { zh: '县政务地图', en: 'County map' },
    review_number: '浙S(2024)001号',
    minzoom: 0,
    maxzoom: 18,
    tile_size: 256,
    public: isPublic,
    tiles: [`https://tiles.example/${id}/{z}/{x}/{y}.png`],
    annotationTiles: null,
  };
}

describe('publicBasemap', () => {
  it('skips internal-only basemaps and takes the first public one', () => {
    expect(publicBasemap([bm('county-img', false), bm('tdt-vec', true), bm('tdt-img', true)])?.id).toBe('tdt-vec');
  });
  it('none public, or none at all: null (the offline base)', () => {
    expect(publicBasemap([bm('county-img', false), bm('county-vec', false)])).toBeNull();
    expect(publicBasemap([])).toBeNull();
  });
});
