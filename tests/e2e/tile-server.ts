// A stand-in for 天地图 (and for a county's own XYZ tile service) on 127.0.0.1, for the basemap e2e. The app is
// configured with `host` pointing here and `scheme: "http"`, so it sends exactly the URLs it would send to
// t0–t7.tianditu.gov.cn — the KVP WMTS pattern of the Web Mercator (`_w`) services:
//
//   /{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w
//     &FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}
//
// and, for a county's XYZ service, /xyz/{name}/{z}/{x}/{y}.png. Each layer answers 256 × 256 PNGs of its own
// colour (TILE_COLOURS) so a spec can tell from the map's pixels which layer is drawn: imagery and vector solid,
// the annotation layers transparent but for one line. Parameters are checked as 天地图 checks them (a wrong
// layer, matrix set or tile outside the zoom's range is a 400; a tk other than the configured key a 403), CORS is
// `Access-Control-Allow-Origin: *` on every answer (as the real service, so the browser can read an error's
// status), and every request is logged with its layer, tile, key and answer. `mode` switches the whole server to
// answering 403 (a revoked key) or to dropping connections (no network).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { encodePng, paintImage } from './png.ts';

export type Rgba = readonly [number, number, number, number];

/**
 * Tile colours by layer. Solid layers are colours no parcel style uses (src/lib/style/parcel-style.ts), so a pixel
 * of exactly this colour is basemap and nothing else; annotation layers are transparent with a line across row
 * ANNOTATION_ROW (two pixels thick, so it survives resampling).
 */
export const TILE_COLOURS = {
  img: [255, 0, 255, 255],
  vec: [0, 255, 255, 255],
  ter: [255, 255, 0, 255],
  cia: [0, 0, 255, 255],
  cva: [0, 128, 0, 255],
  cta: [128, 0, 0, 255],
  county: [255, 128, 0, 255],
} as const satisfies Record<string, Rgba>;
export type StandInLayer = keyof typeof TILE_COLOURS;
export const ANNOTATION_LAYERS: readonly StandInLayer[] = ['cia', 'cva', 'cta'];
export const WMTS_LAYERS: readonly StandInLayer[] = ['img', 'vec', 'ter', 'cia', 'cva', 'cta'];
export const ANNOTATION_ROW = 127;
export const TILE_SIZE = 256;
/** 天地图's Web Mercator matrix set `w` has levels 1–18. */
export const MAX_ZOOM = 18;

export interface TileRequest {
  method: string;
  /** The path as sent, query included. */
  url: string;
  path: string;
  /** The query's parameters by name as sent (case kept). */
  query: Record<string, string>;
  /** The layer the path names (`img` for /img_w/wmts, `county` for /xyz/county/…), or null for any other path. */
  layer: string | null;
  z: number | null;
  x: number | null;
  y: number | null;
  /** The `tk` parameter, or null. */
  tk: string | null;
  origin: string | null;
  /** The status answered, or 'dropped' (connection destroyed, no answer). */
  status: number | 'dropped';
}

export type Mode = 'ok' | 'forbidden' | 'drop';

export interface TileServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** `127.0.0.1:<port>`: the `host` of the basemap configuration. */
  host: string;
  origin: string;
  readonly requests: TileRequest[];
  /** 'ok': tiles; 'forbidden': every request 403 (as 天地图 answers a key it refuses); 'drop': connections destroyed. */
  mode: Mode;
  close(): Promise<void>;
}

export interface TileServerOptions {
  /** The only `tk` accepted on WMTS requests; anything else (or none) is answered 403. */
  key: string;
}

function tileImage(layer: StandInLayer): Buffer {
  const colour = TILE_COLOURS[layer];
  if (ANNOTATION_LAYERS.includes(layer)) {
    return encodePng(paintImage(TILE_SIZE, TILE_SIZE, (_x, y) => (y === ANNOTATION_ROW || y === ANNOTATION_ROW + 1 ? colour : [0, 0, 0, 0])));
  }
  return encodePng(paintImage(TILE_SIZE, TILE_SIZE, () => colour));
}

const int = (s: string | undefined): number | null => (s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : null);

/** The tile a request asks for, or the reason it is malformed (400). */
export function parseTileRequest(url: string): { layer: string | null; z: number | null; x: number | null; y: number | null; tk: string | null; query: Record<string, string>; path: string; error: string | null } {
  const u = new URL(url, 'http://stand-in.invalid');
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) query[k] = v;
  // 天地图 reads the KVP names in any case (SERVICE=WMTS and service=wmts alike); values of LAYER etc. too
  const get = (name: string): string | undefined => {
    for (const [k, v] of u.searchParams) if (k.toLowerCase() === name.toLowerCase()) return v;
    return undefined;
  };
  const tk = get('tk') ?? null;
  const wmts = /^\/([a-z]{3})_w\/wmts$/.exec(u.pathname);
  if (wmts) {
    const layer = wmts[1]!;
    const [z, y, x] = [int(get('TILEMATRIX')), int(get('TILEROW')), int(get('TILECOL'))];
    const base = { layer, z, x, y, tk, query, path: u.pathname };
    if (!(WMTS_LAYERS as readonly string[]).includes(layer)) return { ...base, error: `unknown service ${layer}_w` };
    if (get('SERVICE')?.toUpperCase() !== 'WMTS' || get('REQUEST')?.toLowerCase() !== 'gettile') return { ...base, error: 'SERVICE=WMTS&REQUEST=GetTile expected' };
    if (get('LAYER')?.toLowerCase() !== layer) return { ...base, error: `LAYER=${get('LAYER')} on ${layer}_w` };
    if (get('TILEMATRIXSET')?.toLowerCase() !== 'w') return { ...base, error: `TILEMATRIXSET=${get('TILEMATRIXSET')} (the _w services have only w)` };
    if (z === null || x === null || y === null) return { ...base, error: 'TILEMATRIX, TILEROW and TILECOL must be whole numbers' };
    if (z < 1 || z > MAX_ZOOM || x >= 2 ** z || y >= 2 ** z) return { ...base, error: `no tile ${z}/${y}/${x} in matrix set w` };
    return { ...base, error: null };
  }
  const xyz = /^\/xyz\/([a-z0-9-]+)\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(u.pathname);
  if (xyz) {
    const [layer, z, x, y] = [xyz[1]!, Number(xyz[2]), Number(xyz[3]), Number(xyz[4])];
    const base = { layer, z, x, y, tk, query, path: u.pathname };
    if (!(layer in TILE_COLOURS)) return { ...base, error: `unknown XYZ layer ${layer}` };
    if (z > MAX_ZOOM || x >= 2 ** z || y >= 2 ** z) return { ...base, error: `no tile ${z}/${x}/${y}` };
    return { ...base, error: null };
  }
  return { layer: null, z: null, x: null, y: null, tk, query, path: u.pathname, error: 'not a tile path' };
}

export async function startTileServer(opts: TileServerOptions): Promise<TileServer> {
  const requests: TileRequest[] = [];
  const tiles = new Map<StandInLayer, Buffer>();
  const sockets = new Set<Socket>();
  const state: { mode: Mode } = { mode: 'ok' };

  function answer(req: IncomingMessage, res: ServerResponse): number | 'dropped' {
    if (state.mode === 'drop') {
      req.socket.destroy();
      return 'dropped';
    }
    const cors = { 'Access-Control-Allow-Origin': '*' };
    const text = (status: number, body: string): number => {
      res.writeHead(status, { ...cors, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`${body}\n`);
      return status;
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Max-Age': '600' });
      res.end();
      return 204;
    }
    if (req.method !== 'GET') return text(405, 'GET only');
    if (state.mode === 'forbidden') return text(403, 'Forbidden: the key is not valid for this service');
    const t = parseTileRequest(req.url ?? '/');
    if (t.error !== null) return text(t.layer === null ? 404 : 400, t.error);
    const layer = t.layer as StandInLayer;
    if (WMTS_LAYERS.includes(layer) && t.tk !== opts.key) return text(403, `Forbidden: tk ${t.tk === null ? 'missing' : 'not valid'}`);
    let png = tiles.get(layer);
    if (png === undefined) {
      png = tileImage(layer);
      tiles.set(layer, png);
    }
    // no-store: a spec that switches the server to 403 must not see the browser answer from its cache instead
    res.writeHead(200, { ...cors, 'Content-Type': 'image/png', 'Content-Length': String(png.length), 'Cache-Control': 'no-store' });
    res.end(png);
    return 200;
  }

  const server = createServer((req, res) => {
    const t = parseTileRequest(req.url ?? '/');
    const entry: TileRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      path: t.path,
      query: t.query,
      layer: t.layer,
      z: t.z,
      x: t.x,
      y: t.y,
      tk: t.tk,
      origin: req.headers.origin ?? null,
      status: 0,
    };
    requests.push(entry);
    entry.status = answer(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    get mode() {
      return state.mode;
    },
    set mode(m: Mode) {
      state.mode = m;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        for (const s of sockets) s.destroy();
      }),
  };
}
