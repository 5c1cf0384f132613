// A stand-in for an object store behind a CDN (Alibaba OSS, Tencent COS, any S3-compatible bucket) for the
// two-origin e2e: a real HTTP server on 127.0.0.1 (a port of its own, so another origin than the app) serving a
// folder the way those services serve a bucket configured for a web app on another origin:
//
// - GET and HEAD of objects; anything else 405. A missing object (or a "folder") is a plain-text 404; no listings.
// - A strong ETag per object (the MD5 of its bytes, quoted, as S3/OSS/COS write for a simple upload);
//   If-None-Match → 304, If-Match mismatch → 412.
// - Single byte ranges (`bytes=a-b`, `a-`, `-n`): 206 with Content-Range; unsatisfiable → 416 with
//   `Content-Range: bytes */size`. Several ranges in one header are ignored (the whole object, 200), as S3 does.
// - CORS by rule: the configured origin (or `*`) gets Access-Control-Allow-Origin on every answer (404 and 206 too)
//   and Access-Control-Expose-Headers: Content-Range, Content-Length, Accept-Ranges, ETag; a preflight OPTIONS is
//   answered 200 with the allowed methods (GET, HEAD) and headers (Range, If-Match, …), and refused 403 for another
//   origin, another method or a header outside the rule, as the services do. No credentials are ever allowed.
// - Cache-Control: content-hashed names (`name-0123abcd.ext`, `name.0123abcd.ext`) immutable for a year;
//   manifest.json no-cache; everything else a short max-age.
//
// Every request is recorded (method, path, Range header, Origin, whether it carried a cookie, the status sent) so a
// spec can assert what was read, from where, and how.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export interface ObjectStoreRequest {
  method: string;
  /** The request path as sent, query included (e.g. `/tenglong/data/public/manifest.json`). */
  path: string;
  /** The Range header, or null. */
  range: string | null;
  /** The Origin header, or null (same-origin navigations and Node clients send none). */
  origin: string | null;
  /** Whether a Cookie header came along (a browser must never send the app's session to the data host). */
  cookie: boolean;
  /** The status answered. */
  status: number;
}

export interface ObjectStoreOptions {
  /** The folder served as the bucket's root. */
  root: string;
  /** The CORS rule's AllowedOrigin: one origin (`http://127.0.0.1:4173`) or `*`. Changeable later through `allowOrigin`. */
  allowOrigin: string;
  /** Cache-Control for names that are neither content-hashed nor manifest.json (default `public, max-age=60`). */
  defaultCacheControl?: string;
}

export interface ObjectStore {
  /** `http://127.0.0.1:<port>/`, trailing slash. */
  url: string;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Every request so far, in arrival order. */
  readonly requests: ObjectStoreRequest[];
  /** The CORS rule's AllowedOrigin now (an origin or `*`). */
  allowOrigin: string;
  close(): Promise<void>;
}

export const ALLOWED_METHODS = ['GET', 'HEAD'];
export const ALLOWED_HEADERS = ['Range', 'If-Match', 'If-None-Match', 'If-Modified-Since', 'If-Unmodified-Since'];
export const EXPOSED_HEADERS = ['Content-Range', 'Content-Length', 'Accept-Ranges', 'ETag'];
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.fgb': 'application/octet-stream',
  '.pmtiles': 'application/octet-stream',
  '.html': 'text/html',
  '.txt': 'text/plain',
  '.png': 'image/png',
};

/** Content-hashed file names (`parcels-3f2a9c1d.pmtiles`, `app.3f2a9c1d.js`): safe to cache for ever. */
export function isContentHashed(name: string): boolean {
  return /[.-][0-9a-f]{8,}\.[a-z0-9]+$/i.test(name);
}

export function cacheControlFor(name: string, fallback = 'public, max-age=60'): string {
  if (name === 'manifest.json') return 'no-cache';
  return isContentHashed(name) ? IMMUTABLE : fallback;
}

/** The byte range a single-range header asks for in an object of `size` bytes: null = serve it whole, 416 = none of it. */
export function parseRange(header: string, size: number): { start: number; end: number } | null | 416 {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // several ranges, another unit, garbage: ignored (RFC 9110 §14.2 allows it), the whole object
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const n = Number(b);
    if (n === 0 || size === 0) return 416;
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(a);
  if (start >= size) return 416;
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (end < start) return null; // an invalid range-spec: the header is ignored
  return { start, end };
}

interface StoredObject {
  bytes: Buffer;
  etag: string;
  lastModified: string;
}

export async function startObjectStore(opts: ObjectStoreOptions): Promise<ObjectStore> {
  const root = resolve(opts.root);
  const requests: ObjectStoreRequest[] = [];
  const cache = new Map<string, StoredObject & { mtimeMs: number; size: number }>();
  let allowOrigin = opts.allowOrigin;

  async function load(path: string): Promise<StoredObject | null> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
    const bytes = await readFile(path);
    const obj = {
      bytes,
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      lastModified: info.mtime.toUTCString(),
      mtimeMs: info.mtimeMs,
      size: info.size,
    };
    cache.set(path, obj);
    return obj;
  }

  /** The CORS headers for a request from `origin` under the current rule (none when the rule does not match). */
  function cors(origin: string | null): Record<string, string> {
    if (origin === null) return {};
    if (allowOrigin === '*') return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(', ') };
    if (origin !== allowOrigin) return {};
    return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(', '), Vary: 'Origin' };
  }

  function text(res: ServerResponse, status: number, body: string, headers: Record<string, string>, head = false): void {
    const data = `${body}\n`;
    res.writeHead(status, {
      ...headers,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(data)),
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(head ? undefined : data);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const origin = req.headers.origin ?? null;
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      // A preflight: allowed only when origin, method and every requested header match the rule (S3, OSS, COS alike).
      const wantMethod = req.headers['access-control-request-method'] ?? '';
      const wantHeaders = (req.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== '');
      const allowed = new Set(ALLOWED_HEADERS.map((h) => h.toLowerCase()));
      const ok =
        origin !== null &&
        (allowOrigin === '*' || origin === allowOrigin) &&
        ALLOWED_METHODS.includes(wantMethod) &&
        wantHeaders.every((h) => allowed.has(h));
      if (!ok) {
        text(res, 403, 'CORSResponse: This CORS request is not allowed.', {});
        return 403;
      }
      res.writeHead(200, {
        ...cors(origin),
        'Access-Control-Allow-Methods': ALLOWED_METHODS.join(', '),
        'Access-Control-Allow-Headers': ALLOWED_HEADERS.join(', '),
        'Access-Control-Max-Age': '600',
        'Content-Length': '0',
      });
      res.end();
      return 200;
    }
    const corsHeaders = cors(origin);
    const head = method === 'HEAD';
    if (method !== 'GET' && !head) {
      text(res, 405, 'MethodNotAllowed: GET and HEAD only.', { ...corsHeaders, Allow: 'GET, HEAD' });
      return 405;
    }
    let key: string;
    try {
      key = decodeURIComponent((req.url ?? '/').split('?', 1)[0]!);
    } catch {
      text(res, 400, 'InvalidURI: Could not parse the specified URI.', corsHeaders, head);
      return 400;
    }
    const file = resolve(join(root, key));
    if (!file.startsWith(root + sep) || key.split('/').some((s) => s.startsWith('.'))) {
      text(res, 404, 'NoSuchKey: The specified key does not exist.', corsHeaders, head);
      return 404;
    }
    const obj = await load(file);
    if (obj === null) {
      text(res, 404, 'NoSuchKey: The specified key does not exist.', corsHeaders, head);
      return 404;
    }
    const name = key.slice(key.lastIndexOf('/') + 1);
    const common: Record<string, string> = {
      ...corsHeaders,
      ETag: obj.etag,
      'Last-Modified': obj.lastModified,
      'Accept-Ranges': 'bytes',
      'Cache-Control': cacheControlFor(name, opts.defaultCacheControl),
      'X-Content-Type-Options': 'nosniff',
    };
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined && ifMatch.trim() !== '*' && !ifMatch.split(',').some((t) => t.trim() === obj.etag)) {
      text(res, 412, 'PreconditionFailed: At least one of the preconditions you specified did not hold.', corsHeaders, head);
      return 412;
    }
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === obj.etag || t.trim() === '*')) {
      res.writeHead(304, common);
      res.end();
      return 304;
    }
    const size = obj.bytes.length;
    const type = TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
    const range = req.headers.range === undefined ? null : parseRange(req.headers.range, size);
    if (range === 416) {
      text(res, 416, 'InvalidRange: The requested range is not satisfiable.', { ...corsHeaders, 'Content-Range': `bytes */${size}` }, head);
      return 416;
    }
    if (range === null) {
      res.writeHead(200, { ...common, 'Content-Type': type, 'Content-Length': String(size) });
      res.end(head ? undefined : obj.bytes);
      return 200;
    }
    const body = obj.bytes.subarray(range.start, range.end + 1);
    res.writeHead(206, {
      ...common,
      'Content-Type': type,
      'Content-Length': String(body.length),
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    });
    res.end(head ? undefined : body);
    return 206;
  }

  const server = createServer((req, res) => {
    const entry: ObjectStoreRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      range: req.headers.range ?? null,
      origin: req.headers.origin ?? null,
      cookie: req.headers.cookie !== undefined,
      status: 0,
    };
    requests.push(entry);
    res.on('error', () => res.destroy());
    handle(req, res).then(
      (status) => {
        entry.status = status;
      },
      (e: unknown) => {
        entry.status = 500;
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`InternalError: ${String(e)}\n`);
        else res.destroy();
      },
    );
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    requests,
    get allowOrigin() {
      return allowOrigin;
    },
    set allowOrigin(v: string) {
      allowOrigin = v;
    },
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((e) => (e ? fail(e) : ok()));
        server.closeAllConnections();
      }),
  };
}
