// A tiny static file server on 127.0.0.1 for tests: serves one directory, answers single HTTP Range
// requests with 206 + Content-Range (like vite, nginx, S3), and records what each request cost so a
// test can assert how many bytes a "partial read" really moved. `ranges: false` imitates a host that
// ignores Range and always sends the whole file with 200.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { open, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';

export interface RequestRecord {
  method: string;
  path: string;
  range: string | null;
  status: number;
  /** Body bytes sent. */
  bytes: number;
}

export interface ServerStats {
  readonly requests: readonly RequestRecord[];
  /** Sum of body bytes over all requests since the last reset. */
  readonly bytesSent: number;
  reset(): void;
}

export interface StaticServer {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
  stats: ServerStats;
}

export interface StaticServerOptions {
  /** Honour Range headers (default true). */
  ranges?: boolean;
}

/** Parses a single `bytes=a-b`, `bytes=a-` or `bytes=-n`; null = ignore the header (serve 200). */
function parseRange(header: string, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // multi-range or malformed: RFC 9110 lets us ignore it
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

export async function startStaticServer(dir: string, opts: StaticServerOptions = {}): Promise<StaticServer> {
  const root = resolve(dir);
  const ranges = opts.ranges ?? true;
  let requests: RequestRecord[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const record: RequestRecord = { method: req.method ?? 'GET', path, range: req.headers.range ?? null, status: 0, bytes: 0 };
    requests.push(record);
    const send = (status: number, headers: Record<string, string | number>, body?: Uint8Array): void => {
      record.status = status;
      const withBody = body !== undefined && req.method !== 'HEAD';
      record.bytes = withBody ? body.length : 0;
      res.writeHead(status, headers);
      res.end(withBody ? body : undefined);
    };
    const file = resolve(root, '.' + path);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { Allow: 'GET, HEAD' });
    if (file !== root && !file.startsWith(root + sep)) return send(403, {});
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return send(404, { 'Content-Type': 'text/plain' }, new TextEncoder().encode('not found'));

    const size = info.size;
    const range = ranges && req.headers.range ? parseRange(req.headers.range, size) : null;
    if (range === 'unsatisfiable') return send(416, { 'Content-Range': `bytes */${size}` });
    const start = range ? range.start : 0;
    const end = range ? range.end : size - 1;
    const body = new Uint8Array(Math.max(0, end - start + 1));
    const fh = await open(file, 'r');
    try {
      await fh.read(body, 0, body.length, start);
    } finally {
      await fh.close();
    }
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': body.length,
      ...(ranges ? { 'Accept-Ranges': 'bytes' } : {}),
    };
    if (range) send(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` }, body);
    else send(200, headers, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((ok, fail) => {
        server.close((e) => (e ? fail(e) : ok()));
        server.closeAllConnections(); // fetch keeps connections alive; close() alone would wait on them
      }),
    stats: {
      get requests() {
        return requests;
      },
      get bytesSent() {
        return requests.reduce((s, r) => s + r.bytes, 0);
      },
      reset() {
        requests = [];
      },
    },
  };
}
