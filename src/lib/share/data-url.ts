// Where the app reads its published data: configuration read at start, never built into the bundle, so a deployer
// can move the data (an object store + CDN on another origin, a sub-folder) by editing one line of the built
// index.html. Two <meta> tags:
//
//   <meta name="tenglong-data-url" content="data/">            the folder holding public/ (and, by default, internal/)
//   <meta name="tenglong-internal-url" content="data/internal/"> optional: where internal/ itself lives
//
// Either value is an absolute http(s) URL (`https://cdn.example.cn/tenglong/data/`) or a path resolved against the
// page's URL (`data/`, `/tenglong/data/`, `//cdn.example.cn/data/`); a missing trailing slash is added. Anything else
// (another scheme, a query or fragment, a user name or password in the URL) is refused with a message naming the tag:
// a silently ignored setting would read the data from the wrong place.
//
// Pure: the page URL and the tags' contents come in as arguments (src/app/data-files.ts reads them from the DOM;
// vite.config.ts checks TENGLONG_DATA_URL with the same function at build time).

export const DATA_URL_META = 'tenglong-data-url';
export const INTERNAL_URL_META = 'tenglong-internal-url';
/** The data_url when the page has no tenglong-data-url tag: `data/` beside index.html (the build's own copy). */
export const DEFAULT_DATA_URL = 'data/';

export interface DataUrls {
  /** Absolute URL of the public/ folder, with a trailing slash. */
  public: string;
  /** Absolute URL of the internal/ folder, with a trailing slash. */
  internal: string;
}

/** A tenglong-data-url / tenglong-internal-url value that cannot be used; the message names the tag and the value. */
export class DataUrlError extends Error {
  override readonly name = 'DataUrlError';
}

const EXAMPLES = 'e.g. "https://cdn.example.cn/tenglong/data/" or "data/"';

/**
 * Resolves one tag's value against `pageUrl` into an absolute http(s) folder URL ending in `/`.
 * `what` names the tag in messages (`<meta name="tenglong-data-url">`).
 */
export function resolveFolderUrl(value: string, pageUrl: string, what: string): string {
  const raw = value.trim();
  const quoted = JSON.stringify(value);
  if (raw === '') throw new DataUrlError(`${what} is empty: write the data folder's URL (${EXAMPLES}), or remove the tag for the default "${DEFAULT_DATA_URL}"`);
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new DataUrlError(`${what} content=${quoted}: only http(s) URLs or paths relative to the page are allowed (${EXAMPLES}), not "${scheme}:"`);
  }
  let url: URL;
  try {
    url = new URL(raw, pageUrl);
  } catch {
    throw new DataUrlError(`${what} content=${quoted} is not a URL (${EXAMPLES})`);
  }
  if (!/^https?:\/\//.test(url.href)) {
    throw new DataUrlError(`${what} content=${quoted} resolves to ${url.href} against the page ${pageUrl}: only http(s) URLs are allowed`);
  }
  if (/^https?:\/\/[^/]*@/.test(url.href)) {
    throw new DataUrlError(`${what} content=${quoted}: a user name or password in the URL is not allowed (browsers refuse to fetch such URLs)`);
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(raw)) {
    throw new DataUrlError(`${what} content=${quoted}: no query or fragment allowed, file names are appended to this folder URL`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * The public/ and internal/ folder URLs from the two tags' contents (null: tag absent). `pageUrl` is the page's
 * URL (document.baseURI) that relative values are resolved against. Throws a DataUrlError naming the tag for a
 * value it cannot use.
 */
export function resolveDataUrls(metaDataUrl: string | null, metaInternalUrl: string | null, pageUrl: string): DataUrls {
  if (!/^https?:\/\//i.test(pageUrl.trim())) {
    // file:// pages (a build opened from disk) cannot fetch data at all; say so rather than resolve to file: URLs.
    throw new DataUrlError(`the page ${JSON.stringify(pageUrl)} is not served over http(s): the data cannot be read from it`);
  }
  const base = resolveFolderUrl(metaDataUrl ?? DEFAULT_DATA_URL, pageUrl, `<meta name="${DATA_URL_META}">`);
  const internal = metaInternalUrl === null ? `${base}internal/` : resolveFolderUrl(metaInternalUrl, pageUrl, `<meta name="${INTERNAL_URL_META}">`);
  return { public: `${base}public/`, internal };
}

/**
 * The URL of a data file named the way the app names them, `public/<file>` or `internal/<file>` (a path under
 * data/ as built), in the folders `urls` say. Any other path is a programming error and throws.
 */
export function dataFileUrl(urls: DataUrls, path: string): string {
  if (path.startsWith('public/')) return urls.public + path.slice('public/'.length);
  if (path.startsWith('internal/')) return urls.internal + path.slice('internal/'.length);
  throw new Error(`data path ${JSON.stringify(path)} must start with "public/" or "internal/"`);
}

/** The `<data_url>` folder (holding public/) that `urls` came from: public minus its last segment. */
export function dataRootUrl(urls: DataUrls): string {
  return urls.public.slice(0, -'public/'.length);
}
