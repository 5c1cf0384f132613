// GET of one published data file by its absolute URL, with the checks every data read makes: no answer (offline, or
// another origin without CORS for this page), an HTTP error, or a single-page-app server's index.html in place of a
// missing file all throw naming the URL. Kept free of `document`, so the check worker (which streams the parcels
// file) reads with exactly the page's rules; data-files.ts resolves `public/…` / `internal/…` paths to URLs first.

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
