// A narrow "give me bytes a..b" interface so the FlatGeobuf bbox reader runs unchanged over an in-memory
// file (tests, workers that already hold the bytes) and over HTTP Range requests (the browser app).

export interface ByteSource {
  /** Total length of the file in bytes. */
  size(): Promise<number>;
  /**
   * Up to `length` bytes starting at `offset`. Fewer bytes only at the end of the file (a read past
   * the end returns what exists, possibly an empty array), like a server answering an open range.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Payload bytes delivered so far (HTTP: response bodies, not headers). */
  readonly bytesRead: number;
  /** Reads issued to the underlying store (HTTP: requests sent). */
  readonly requestCount: number;
  /** Names the file in error messages (a URL, a path, "memory"). */
  readonly label: string;
}

export interface HttpByteSource extends ByteSource {
  /** True once the server answered a Range request with 200 and the whole body. */
  readonly rangeUnsupported: boolean;
}

function checkRange(offset: number, length: number, where: string): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new Error(`${where}: invalid byte range offset=${offset} length=${length}`);
  }
}

export function memoryByteSource(bytes: Uint8Array, label = 'memory'): ByteSource {
  let bytesRead = 0;
  let requestCount = 0;
  return {
    label,
    size: () => Promise.resolve(bytes.length),
    async read(offset, length) {
      checkRange(offset, length, label);
      requestCount++;
      // A copy, not a view: callers may hand the result to code that builds Float64Arrays on its buffer.
      const out = bytes.slice(offset, Math.min(bytes.length, offset + length));
      bytesRead += out.length;
      return out;
    },
    get bytesRead() {
      return bytesRead;
    },
    get requestCount() {
      return requestCount;
    },
  };
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Parses the total from `Content-Range: bytes a-b/total` (null when absent or `*`). */
function totalFromContentRange(header: string | null): number | null {
  const m = header === null ? null : /\/(\d+)\s*$/.exec(header);
  return m?.[1] === undefined ? null : Number(m[1]);
}

function startFromContentRange(header: string | null): number | null {
  const m = header === null ? null : /^\s*bytes\s+(\d+)-/.exec(header);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/**
 * Reads a remote file with `Range: bytes=a-b` requests. A server that ignores Range answers 200 with
 * the whole file: we keep that body and serve every later read from it (so the file crosses the wire
 * once), and set `rangeUnsupported` so the app can warn that the "partial read" saved nothing.
 */
export function httpByteSource(url: string, fetchImpl: FetchLike = fetch): HttpByteSource {
  let bytesRead = 0;
  let requestCount = 0;
  let whole: Uint8Array | null = null;
  let knownSize: number | null = null;

  async function get(range: string): Promise<{ status: number; body: Uint8Array; contentRange: string | null }> {
    requestCount++;
    const res = await fetchImpl(url, { headers: { Range: `bytes=${range}` } });
    if (res.status === 416) {
      await res.body?.cancel();
      return { status: 416, body: new Uint8Array(0), contentRange: res.headers.get('Content-Range') };
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw new Error(`HTTP ${res.status} ${res.statusText} for ${url} (Range: bytes=${range})`);
    }
    const body = new Uint8Array(await res.arrayBuffer());
    bytesRead += body.length;
    if (res.status === 200) {
      whole = body;
      knownSize = body.length;
    }
    return { status: res.status, body, contentRange: res.headers.get('Content-Range') };
  }

  return {
    label: url,
    async size() {
      if (knownSize !== null) return knownSize;
      // One byte with Content-Range tells the total; HEAD is not always allowed on static hosts.
      const r = await get('0-0');
      if (knownSize !== null) return knownSize;
      const total = totalFromContentRange(r.contentRange);
      if (total === null) throw new Error(`${url}: server sent no usable Content-Range (${String(r.contentRange)})`);
      knownSize = total;
      return total;
    },
    async read(offset, length) {
      checkRange(offset, length, url);
      if (length === 0) return new Uint8Array(0);
      if (whole) return whole.slice(offset, offset + length);
      const r = await get(`${offset}-${offset + length - 1}`);
      if (r.status === 416) {
        const total = totalFromContentRange(r.contentRange);
        if (total !== null) knownSize = total;
        return new Uint8Array(0); // offset at or past the end
      }
      if (r.status === 200) return r.body.slice(offset, offset + length);
      const start = startFromContentRange(r.contentRange);
      if (start !== null && start !== offset) {
        throw new Error(`${url}: asked for bytes from ${offset}, server sent from ${start}`);
      }
      const total = totalFromContentRange(r.contentRange);
      if (total !== null) knownSize = total;
      return r.body.length > length ? r.body.slice(0, length) : r.body;
    },
    get bytesRead() {
      return bytesRead;
    },
    get requestCount() {
      return requestCount;
    },
    get rangeUnsupported() {
      return whole !== null;
    },
  };
}

export interface ByteRange {
  offset: number;
  length: number;
}

/**
 * Reads several ranges, merging neighbours whose gap is at most `maxGap` bytes into one read.
 * Why: over HTTP one extra round trip costs more than a few kilobytes of unwanted bytes, and the
 * R-tree and Hilbert order make matching nodes and features sit close together. The merged reads run
 * in parallel. Results come back in the order of `ranges`.
 */
export async function readRanges(source: ByteSource, ranges: readonly ByteRange[], maxGap: number): Promise<Uint8Array[]> {
  const order = ranges.map((_, i) => i).sort((a, b) => ranges[a]!.offset - ranges[b]!.offset);
  const groups: { offset: number; end: number; members: number[] }[] = [];
  for (const i of order) {
    const r = ranges[i]!;
    checkRange(r.offset, r.length, 'readRanges');
    const last = groups[groups.length - 1];
    if (last && r.offset - last.end <= maxGap) {
      last.end = Math.max(last.end, r.offset + r.length);
      last.members.push(i);
    } else {
      groups.push({ offset: r.offset, end: r.offset + r.length, members: [i] });
    }
  }
  const out: Uint8Array[] = new Array<Uint8Array>(ranges.length);
  await Promise.all(
    groups.map(async (g) => {
      const bytes = await source.read(g.offset, g.end - g.offset);
      for (const i of g.members) {
        const r = ranges[i]!;
        const start = r.offset - g.offset;
        out[i] = bytes.slice(start, start + r.length);
      }
    }),
  );
  return out;
}
