// The parcels' vector source with the tile URLs given at once (no TileJSON round trip): the template must name the
// same tiles the pmtiles protocol serves through its TileJSON, read here from the sample county's real archive.
import { readFileSync } from 'node:fs';
import { PMTiles, Protocol, type Source } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { parcelTiles, parcelTileSource } from './parcel-tiles.ts';

const FILE = 'public/data/internal/parcels.pmtiles';
const URL_ = 'http://127.0.0.1:4173/data/internal/parcels.pmtiles?v=r1';

/** The archive file answered by ranges, under the URL the app would use. */
function fileSource(bytes: Uint8Array): Source {
  return {
    getKey: () => URL_,
    getBytes: async (offset, length) => ({ data: bytes.slice(offset, offset + length).buffer }),
  };
}

function protocolFor(bytes: Uint8Array): Protocol {
  const p = new Protocol();
  p.add(new PMTiles(fileSource(bytes)));
  return p;
}

describe('parcelTileSource', () => {
  it('gives the tile template and the zoom range from the manifest, keeping the parcel zoom', () => {
    const t = parcelTiles(URL_, { file: 'parcels.pmtiles', minzoom: 5, maxzoom: 14, parcel_minzoom: 11 });
    expect(t).toEqual({ url: URL_, parcelZoom: 11, minzoom: 5, maxzoom: 14 });
    expect(parcelTileSource(t)).toEqual({ type: 'vector', tiles: [`pmtiles://${URL_}/{z}/{x}/{y}`], minzoom: 5, maxzoom: 14, promoteId: 'id' });
  });

  it('falls back to the TileJSON URL when the manifest gives no zoom range (a build before it did)', () => {
    expect(parcelTileSource({ url: URL_, parcelZoom: 11 })).toEqual({ type: 'vector', url: `pmtiles://${URL_}`, promoteId: 'id' });
  });

  it("names the tiles the protocol's TileJSON names, and the protocol answers the template with the archive's tile", async () => {
    const bytes = new Uint8Array(readFileSync(FILE));
    const protocol = protocolFor(bytes);
    const ac = new AbortController();
    const tileJson = (await protocol.tilev4({ type: 'json', url: `pmtiles://${URL_}` }, ac)).data as { tiles: string[]; minzoom: number; maxzoom: number };
    const manifest = JSON.parse(readFileSync('public/data/internal/manifest.json', 'utf8')) as { layers: { parcels: { tiles: { file: string; minzoom: number; maxzoom: number; parcel_minzoom: number } } } };
    const source = parcelTileSource(parcelTiles(URL_, manifest.layers.parcels.tiles));
    expect(source.tiles).toEqual(tileJson.tiles);
    expect([source.minzoom, source.maxzoom]).toEqual([tileJson.minzoom, tileJson.maxzoom]);
    // A tile the archive holds, through the template, equals the archive's own read of it.
    const archive = new PMTiles(fileSource(bytes));
    const z = manifest.layers.parcels.tiles.parcel_minzoom;
    // The sample county's centre (Ninghai, ~121.43 E, 29.29 N) in Web Mercator tile numbers at zoom z.
    const n = 2 ** z;
    const x = Math.floor(((121.43 + 180) / 360) * n);
    const lat = (29.29 * Math.PI) / 180;
    const y = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * n);
    const own = await archive.getZxy(z, x, y);
    expect(own).toBeDefined();
    const url = source.tiles![0]!.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
    const viaTemplate = (await protocol.tilev4({ type: 'arrayBuffer', url }, ac)).data as Uint8Array;
    expect(viaTemplate.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(viaTemplate).equals(Buffer.from(new Uint8Array(own!.data)))).toBe(true);
  });
});
