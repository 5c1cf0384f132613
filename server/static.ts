// The static server behind `npm start` and the e2e run: the Vite build from distDir, and /data/ live from the data
// pipeline's output folder, so a new data build shows without rebuilding the app. `send` (expressjs) does the file
// serving, byte ranges (range-parser), ETag and conditional requests; this file decides what may be served at all.
// The handler is plain node:http so that an /api (Hono) can later be mounted beside it on the same server.
import type { Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import send from 'send';

/**
 * Who may read /data/internal/ (confidential enterprise figures): 'login' — a logged-in user of the workspace (what
 * `npm start` does); 'sample' — anyone, while the data is the generated sample county (a server without a
 * workspace); 'always' — anyone (a trusted network); 'never' — nobody.
 */
export type ServeInternal = 'login' | 'sample' | 'always' | 'never';

export interface ServeOptions {
  /** The Vite build: index.html, assets/… (its copy of data/ is never served: /data/ comes from dataDir). */
  distDir: string;
  /** The data pipeline's output (public/, internal/), served live under /data/; may be a symlink swapped to a new build. */
  dataDir: string;
  /** 'sample': internal/ only while internal/manifest.json says `"sample": true`; 'always' / 'never': regardless. */
  serveInternal: ServeInternal;
  /** With 'login': whether the request carries a live session (the workspace's session cookie). */
  hasSession?: (req: IncomingMessage) => Promise<boolean>;
}

export interface StartOptions extends ServeOptions {
  /** Interface to listen on (default 127.0.0.1: nothing else on the network can reach internal/). */
  host?: string;
  /** Port (default 4173); 0 lets the OS pick a free one. */
  port?: number;
}

export interface RunningServer {
  /** `http://<host>:<port>/`, with a trailing slash. */
  url: string;
  server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  // FlatGeobuf and PMTiles are read with byte ranges; octet-stream keeps any proxy from transcoding or compressing them.
  '.fgb': 'application/octet-stream',
  '.pmtiles': 'application/octet-stream',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';

const MESSAGES: Record<number, string> = {
  400: 'Bad request: this path is not allowed.',
  403: 'Forbidden.',
  404: 'Not found.',
  405: 'Method not allowed: this server answers GET and HEAD only.',
  412: 'Precondition failed.',
  416: 'Range not satisfiable: see Content-Range for the file size.',
  500: 'Internal server error.',
};
const INTERNAL_LOGIN =
  'Unauthorized: data/internal/ holds confidential enterprise figures; log in to the planner map first.\n内部数据需要登录：请先在规划地图登录。';
const INTERNAL_REFUSED =
  'Forbidden: this server does not serve data/internal/ (confidential enterprise figures) to anyone.\n' +
  '本服务器不提供内部数据。Start it with TENGLONG_SERVE_INTERNAL=login (the default) to serve it to logged-in users.';

/** Answers with a short plain-text body; never a stack trace, and nosniff like every other response. */
function reply(res: ServerResponse, status: number, text = MESSAGES[status] ?? 'Error.', extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy(); // a body was already streaming: cutting the connection is the only honest signal left
    return;
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  const body = `${text}\n`;
  res.writeHead(status, {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-cache',
    ...extra,
  });
  res.end(body);
}

/**
 * Decodes the path into segments, or the status refusing it. Traversal, encoded separators and NUL are 400;
 * dot-segments (dotfiles, dot-folders) and empty ones (directory paths, `//`) are 404. Checking decoded segments
 * here, before `send`, means routing and the internal gate see exactly the names the file system will.
 */
export function parsePath(url: string): string[] | 400 | 404 {
  if (!url.startsWith('/')) return 400;
  const raw = url.split('?', 1)[0]!.slice(1);
  if (raw === '') return [];
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    let s: string;
    try {
      s = decodeURIComponent(part);
    } catch {
      return 400;
    }
    if (s === '..' || /[/\\\0]/.test(s)) return 400;
    if (s === '' || s.startsWith('.')) return 404;
    segments.push(s);
  }
  return segments;
}

/** Whether `<dataDir>/internal/manifest.json` marks the data as the generated sample county. */
export async function isSampleData(dataDir: string): Promise<boolean> {
  try {
    const manifest: unknown = JSON.parse(await readFile(join(dataDir, 'internal', 'manifest.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && (manifest as { sample?: unknown }).sample === true;
  } catch {
    return false;
  }
}

type Gate = (realDataDir: string, req: IncomingMessage) => Promise<'ok' | 401 | 403>;

function internalGate(opts: ServeOptions): Gate {
  const mode = opts.serveInternal;
  if (mode === 'login') {
    const hasSession = opts.hasSession;
    if (!hasSession) throw new Error("serveInternal 'login' needs hasSession");
    return async (_dir, req) => ((await hasSession(req)) ? 'ok' : 401);
  }
  if (mode !== 'sample') return async () => (mode === 'always' ? 'ok' : 403);
  const sample = sampleGate();
  return async (dir) => ((await sample(dir)) ? 'ok' : 403);
}

function sampleGate(): (realDataDir: string) => Promise<boolean> {
  const decided = new Map<string, boolean>();
  return async (dir) => {
    const info = await stat(join(dir, 'internal', 'manifest.json')).catch(() => null);
    if (!info?.isFile()) return false;
    // Keyed by the build's real path (a symlink swap) AND the manifest's identity: build-data also swaps by renaming
    // folders in place, which keeps the path; a stale "sample" verdict there would publish real figures.
    const key = `${dir}\0${info.ino}\0${info.mtimeMs}\0${info.size}`;
    let ok = decided.get(key);
    if (ok === undefined) {
      ok = await isSampleData(dir);
      if (decided.size >= 16) decided.clear();
      decided.set(key, ok);
    }
    return ok;
  };
}

interface SendError extends Error {
  status?: number;
  code?: string;
  headers?: Record<string, string>;
}

function serveFile(req: IncomingMessage, res: ServerResponse, root: string, segments: string[], cacheControl: string): void {
  const file = send(req, `/${segments.map(encodeURIComponent).join('/')}`, {
    root,
    index: false,
    dotfiles: 'ignore',
    cacheControl: false,
  });
  file.on('file', (_path: string, info: Stats) => {
    // range-parser 1.3 answers 416 to a suffix longer than the file; RFC 9110 §14.1.2 says the whole file is
    // meant (fixed upstream in jshttp/range-parser#66). 'file' fires before send reads the Range header.
    const suffix = /^bytes=-(\d+)$/.exec(req.headers.range ?? '');
    if (suffix && info.size > 0 && Number(suffix[1]) > info.size) req.headers.range = 'bytes=0-';
  });
  file.on('headers', (r: ServerResponse, path: string) => {
    r.setHeader('Content-Type', TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream');
    r.setHeader('Cache-Control', cacheControl);
  });
  file.on('directory', () => reply(res, 404)); // no listings, and no redirect to a trailing slash either
  file.on('error', (err: SendError) => {
    const status = err.status ?? 500;
    if (status >= 500) console.error(`tenglong server: ${req.method} ${req.url}: ${err.code ?? err.message}`);
    reply(res, status, undefined, status === 416 && err.headers ? err.headers : {});
  });
  file.pipe(res);
}

async function handle(req: IncomingMessage, res: ServerResponse, opts: ServeOptions, gate: Gate): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, undefined, { Allow: 'GET, HEAD' });
  const segments = parsePath(req.url ?? '/');
  if (typeof segments === 'number') return reply(res, segments);
  const [first, second] = segments;

  // Case-insensitive, so `/DATA/` or `/data/INTERNAL/` on a case-insensitive disk reach neither dist's copy nor past the gate.
  if (first?.toLowerCase() !== 'data') {
    const path = segments.length === 0 ? ['index.html'] : segments;
    return serveFile(req, res, resolve(opts.distDir), path, first === 'assets' ? IMMUTABLE : 'no-cache');
  }
  if (first !== 'data') return reply(res, 404);
  // One realpath per request: a request reads from one build even if the pipeline swaps the link meanwhile.
  const root = await realpath(resolve(opts.dataDir)).catch(() => null);
  if (root === null) return reply(res, 404, 'Not found: no data has been built (npx tenglong ensure-data).');
  if (second?.toLowerCase() === 'internal') {
    const verdict = await gate(root, req);
    // never cached by a browser or a proxy: a later visitor on the same machine must not read a logged-in user's copy
    if (verdict === 401) return reply(res, 401, INTERNAL_LOGIN);
    if (verdict === 403) return reply(res, 403, INTERNAL_REFUSED);
    return serveFile(req, res, root, segments.slice(1), 'private, no-cache');
  }
  serveFile(req, res, root, segments.slice(1), 'no-cache');
}

/** A node:http handler serving the app and the data; errors become short plain-text answers, never a crash. */
export function createRequestHandler(opts: ServeOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const gate = internalGate(opts);
  return (req, res) => {
    res.on('error', () => res.destroy()); // the client went away mid-body: nothing left to tell it
    handle(req, res, opts, gate).catch((e: unknown) => {
      console.error(`tenglong server: ${req.method} ${req.url}: ${e instanceof Error ? e.message : String(e)}`);
      reply(res, 500);
    });
  };
}

export function startServer(opts: StartOptions): Promise<RunningServer> {
  return listen(createRequestHandler(opts), opts.host, opts.port);
}

/** Serves `handler` on host:port (defaults 127.0.0.1:4173; port 0 lets the OS choose). */
export async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, host = '127.0.0.1', port = 4173): Promise<RunningServer> {
  const server = createServer(handler);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/`,
    server,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((e) => (e ? fail(e) : ok()));
        server.closeAllConnections(); // keep-alive connections would otherwise hold close() open
      }),
  };
}
