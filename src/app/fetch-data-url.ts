// GET of one published data file by its absolute URL, with the checks every data read makes: no answer (offline, or
// another origin without CORS for this page), an HTTP error, or a single-page-app server's index.html in place of a
// missing file all throw naming the URL. Kept free of `document`, so the check worker (which streams the parcels
// file) reads with exactly the page's rules; data-files.ts resolves `public/…` / `internal/…` paths to URLs first.
import { streamFgb } from '../lib/data/fgb-read.ts';
import type { Feature } from '../lib/data/schema.ts';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(`${url}: HTTP ${status}`);
  }
}

export async function fetchDataUrl(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new Error(`${url}: ${e instanceof Error ? e.message : String(e)} (network error, or a data server on another origin without CORS for this page)`);
  }
  if (!res.ok) throw new HttpError(res.status, url);
  // Single-page-app servers answer a missing file with index.html and 200: that is a missing file, not data.
  if ((res.headers.get('content-type') ?? '').includes('text/html')) throw new HttpError(404, url);
  return res;
}

/** The chunks of a response body as they arrive. */
async function* bodyChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // A reader that stops early (a cancelled batch check) stops the download too (after the last chunk this does nothing).
    void reader.cancel().catch(() => undefined);
  }
}

/**
 * The features of a FlatGeobuf data file, one at a time as its bytes arrive (streamFgb's checks and messages): what the
 * workers that go over the county (batch check, site ranking) read instead of holding it.
 */
export async function* streamDataFgb(url: string): AsyncGenerator<Feature> {
  const res = await fetchDataUrl(url);
  if (!res.body) throw new Error(`${url}: the answer has no body`);
  yield* streamFgb(bodyChunks(res.body), url);
}
