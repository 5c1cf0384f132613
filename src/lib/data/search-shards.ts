// Search without the whole parcels-index.json (issue 16): a static deployment (no workspace server to ask) reads a
// few small files per query instead of the 20–40 MB index, and gets exactly the hits search() (search.ts) gives
// over the whole index — same hits, same order, same limit.
//
// Why this shape:
// - search() is a case-insensitive substring match. Every row containing the query q in a field contains each of
//   q's n-grams in that field, so the rows holding all of q's grams are a superset of the matches; reading those
//   rows and testing `field.toLowerCase().includes(q)` keeps exactly the matches. Grams are of length
//   n = min(|q|, 3) (trigrams for a query of 3+ characters; bigrams and unigrams only for queries that short), in
//   UTF-16 code units of the lower-cased text, as String.includes compares. Trigrams, not bigrams, because ids are
//   digits: "nh-02337"'s bigrams each sit in 5–100 % of the rows, its trigrams "023", "233", "337" in ~1 %.
// - search() returns the FIRST `limit` matching parcels in index order. So postings are cut into bands of `band`
//   consecutive rows and read band by band from the first: a query stops at the first band where it has `limit`
//   verified hits. A gram in every row ("nh-", "号地块") costs one band's segment, never its whole list; a rare gram
//   lists only the bands it occurs in, so the bands without it are never read.
// - A small dictionary (gram → [band, count]…, in `shards` files by FNV-1a hash of the gram) says which bands hold
//   each gram and how many rows: a gram absent from the build answers "nothing" from one dictionary file, and in a
//   band the (at most MAX_GRAMS) rarest grams are the ones intersected.
// - A band's postings are in one file per hash shard (gram → encoded rows), so a band costs ≤ MAX_GRAMS files.
// - Candidate rows are read in fixed-size row chunks (r<k>.json, `chunk` rows: [id, name, lon, lat]) in row order,
//   only as many at a time as hits are still missing.
// - Firms: search() gives one hit per enterprise_name (its largest parcel, the first on a tie), firms ordered by
//   their first row in the index, before the parcels. The pipeline keeps one representative per firm name and
//   writes the firms as their own table of the same shape ([name, parcel id, lon, lat], in first-row order): the
//   "first `limit` firms matching" is the same question. Internal only; the parcel table holds public fields only
//   (id, name, a point) and is written once, under public/, for both.
//
// Files of a table under its base folder: d<s>.json (dictionary shard s), p<band>-<s>.json (postings of band for
// shard s), r<k>.json (rows k·chunk …). Postings are text: "g" + gaps or "r" + run lengths, whichever is shorter,
// as base-32 varints over 64 JSON-safe characters (a band of a gram in every row is a few characters).
import { shardOf } from './id-shard.ts';
import type { SearchEntry, SearchHit } from './search.ts';

/** The shape of one table's files (manifest: layers.parcels.search). */
export interface SearchTableSpec {
  rows: number;
  /** Rows per postings band. */
  band: number;
  /** Rows per row-chunk file. */
  chunk: number;
  /** Hash shards of the dictionary and of each band's postings (a power of two). */
  shards: number;
}

/** layers.parcels.search in a manifest: parcels under public/<dir>/p/, firms (internal manifest only) under internal/<dir>/f/. */
export interface SearchShardsSpec {
  dir: string;
  parcels: SearchTableSpec;
  firms?: SearchTableSpec;
}

/** A data file's parsed JSON by its path (`public/…` or `internal/…`). */
export type ReadJson = (path: string) => Promise<unknown>;

/** One row of a table: [text, text, lon, lat] — parcels: [id, name, …]; firms: [firm name, parcel id, …]. */
export type TableRow = [string, string, number, number];

const MAX_N = 3;
/** Grams intersected per band: the rarest few filter enough; more would cost files for little. */
const MAX_GRAMS = 3;
export const BAND_ROWS = 32_768;
export const CHUNK_ROWS = 64;
export const FIRM_ROWS_PER_SHARD = 64;

/**
 * The files' shape for a table of `rows`: about `rowsPerShard` rows per hash shard (parcels: 1024 — an id and a
 * place name have few distinct grams; firms: 64 — every firm name is new text), 4 to 256 shards.
 */
export function tableSpec(rows: number, rowsPerShard = 1024): SearchTableSpec {
  let shards = 4;
  while (shards < 256 && shards * rowsPerShard < rows) shards *= 2;
  return { rows, band: BAND_ROWS, chunk: CHUNK_ROWS, shards };
}

export const parcelsBase = (dir: string): string => `public/${dir}/p`;
export const firmsBase = (dir: string): string => `internal/${dir}/f`;
export const dictFile = (s: number): string => `d${s}.json`;
export const postingsFile = (band: number, s: number): string => `p${band}-${s}.json`;
export const rowsFile = (k: number): string => `r${k}.json`;

/** A gram's hash shard: FNV-1a, as an id's shard (id-shard.ts). */
export function gramShard(gram: string, shards: number): number {
  return shardOf(gram, shards);
}

/** The distinct grams a query needs every matching row to hold (q lower-cased, non-empty). */
export function queryGrams(q: string): string[] {
  const n = Math.min(q.length, MAX_N);
  const out = new Set<string>();
  for (let i = 0; i + n <= q.length; i++) out.add(q.slice(i, i + n));
  return [...out];
}

/** Every gram of length 1..3 of each text (lower-cased here), into `into`. */
export function rowGrams(texts: readonly string[], into: Set<string>): Set<string> {
  into.clear();
  for (const t of texts) {
    const s = t.toLowerCase();
    for (let i = 0; i < s.length; i++) for (let n = 1; n <= MAX_N && i + n <= s.length; n++) into.add(s.slice(i, i + n));
  }
  return into;
}

// ---- postings codec ----

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

function pushVarint(out: string[], v: number): void {
  while (v >= 32) {
    out.push(ALPHABET[32 + (v & 31)]!);
    v = Math.floor(v / 32);
  }
  out.push(ALPHABET[v]!);
}

/** Sorted distinct rows (relative to the band) → text: gaps or runs, the shorter. */
export function encodePostings(rows: readonly number[]): string {
  const gaps: string[] = ['g'];
  let prev = -1;
  for (const r of rows) {
    pushVarint(gaps, r - prev - 1);
    prev = r;
  }
  const runs: string[] = ['r'];
  prev = -1;
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    pushVarint(runs, rows[i]! - prev - 1);
    pushVarint(runs, j - i);
    prev = rows[j]!;
    i = j + 1;
  }
  return (runs.length < gaps.length ? runs : gaps).join('');
}

export function decodePostings(text: string, offset = 0): number[] {
  const vals: number[] = [];
  let v = 0;
  let scale = 1;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c < 128 ? VALUE[c]! : -1;
    if (d < 0) throw new Error(`search postings: bad character ${JSON.stringify(text[i])}`);
    if (d >= 32) {
      v += (d - 32) * scale;
      scale *= 32;
    } else {
      vals.push(v + d * scale);
      v = 0;
      scale = 1;
    }
  }
  const out: number[] = [];
  let prev = -1;
  if (text[0] === 'g') {
    for (const g of vals) out.push((prev = prev + g + 1) + offset);
  } else if (text[0] === 'r') {
    for (let i = 0; i + 1 < vals.length; i += 2) {
      const start = prev + vals[i]! + 1;
      for (let k = 0; k <= vals[i + 1]!; k++) out.push(start + k + offset);
      prev = start + vals[i + 1]!;
    }
  } else throw new Error(`search postings: unknown kind ${JSON.stringify(text[0] ?? '')}`);
  return out;
}

// ---- building ----

/**
 * Builds one table's files row by row, in row order: memory holds one band's postings, one row chunk and the
 * dictionary (one entry per distinct gram), never the table. `emit` gets each file (name relative to the table's
 * base folder) as soon as it is complete.
 */
export class SearchTableBuilder {
  readonly #band = new Map<string, number[]>();
  readonly #dict = new Map<string, number[]>();
  #chunk: TableRow[] = [];
  #rows = 0;
  readonly #grams = new Set<string>();

  constructor(
    readonly spec: SearchTableSpec,
    private readonly emit: (file: string, json: unknown) => void,
    /** Which of a row's two texts are searched: parcels both (id, name), firms the first (name). */
    private readonly searched: 1 | 2,
  ) {}

  add(row: TableRow): void {
    const { band, chunk } = this.spec;
    const r = this.#rows++;
    if (r > 0 && r % band === 0) this.#flushBand(r / band - 1);
    for (const g of rowGrams(this.searched === 2 ? [row[0], row[1]] : [row[0]], this.#grams)) {
      let list = this.#band.get(g);
      if (!list) this.#band.set(g, (list = []));
      list.push(r % band);
    }
    this.#chunk.push(row);
    if (this.#chunk.length === chunk) this.#flushChunk();
  }

  #flushChunk(): void {
    if (this.#chunk.length === 0) return;
    this.emit(rowsFile(Math.floor((this.#rows - 1) / this.spec.chunk)), this.#chunk);
    this.#chunk = [];
  }

  #flushBand(b: number): void {
    const files = new Map<number, [string, string][]>();
    for (const [g, list] of this.#band) {
      const s = gramShard(g, this.spec.shards);
      let f = files.get(s);
      if (!f) files.set(s, (f = []));
      f.push([g, encodePostings(list)]);
      let d = this.#dict.get(g);
      if (!d) this.#dict.set(g, (d = []));
      d.push(b, list.length);
    }
    this.#band.clear();
    for (const [s, entries] of files) this.emit(postingsFile(b, s), Object.fromEntries(entries));
  }

  /** Writes what is left and the dictionary (every shard, an empty one too: a valid build never answers 404). */
  finish(): SearchTableSpec {
    if (this.#rows > 0) this.#flushBand(Math.floor((this.#rows - 1) / this.spec.band));
    this.#flushChunk();
    const shards: [string, number[]][][] = Array.from({ length: this.spec.shards }, () => []);
    for (const [g, d] of this.#dict) shards[gramShard(g, this.spec.shards)]!.push([g, d]);
    shards.forEach((entries, s) => this.emit(dictFile(s), Object.fromEntries(entries)));
    this.#dict.clear();
    return { ...this.spec, rows: this.#rows };
  }
}

/**
 * One representative per firm name, as search() picks it: the largest parcel (the first on a tie), firms in the
 * order of their first row. Memory: one record per firm.
 */
export class FirmPicker {
  readonly #firms = new Map<string, { first: number; area: number; id: string; centroid: [number, number] }>();
  #row = 0;

  add(e: Pick<SearchEntry, 'id' | 'centroid' | 'area_mu_planar' | 'enterprise_name'>): void {
    const r = this.#row++;
    const name = e.enterprise_name;
    if (!name) return;
    const prev = this.#firms.get(name);
    if (!prev) this.#firms.set(name, { first: r, area: e.area_mu_planar, id: e.id, centroid: [e.centroid[0], e.centroid[1]] });
    else if (prev.area < e.area_mu_planar) Object.assign(prev, { area: e.area_mu_planar, id: e.id, centroid: [e.centroid[0], e.centroid[1]] });
  }

  get size(): number {
    return this.#firms.size;
  }

  /** The firms' rows in first-row order (a Map keeps insertion order, which is first-row order). */
  *rows(): Generator<TableRow> {
    for (const [name, f] of this.#firms) yield [name, f.id, f.centroid[0], f.centroid[1]];
  }
}

export const parcelRow = (e: Pick<SearchEntry, 'id' | 'name' | 'centroid'>): TableRow => [e.id, e.name, e.centroid[0], e.centroid[1]];

/**
 * The files of a whole index, in memory (tests, small builds): path (public/… or internal/…) → JSON. `withFirms`:
 * the internal variant (a firms table from enterprise_name).
 */
export function buildSearchShards(index: readonly SearchEntry[], dir = 'search', withFirms = true): { spec: SearchShardsSpec; files: Map<string, unknown> } {
  const files = new Map<string, unknown>();
  const parcels = new SearchTableBuilder(tableSpec(index.length), (f, j) => files.set(`${parcelsBase(dir)}/${f}`, j), 2);
  const picker = new FirmPicker();
  for (const e of index) {
    parcels.add(parcelRow(e));
    picker.add(e);
  }
  const spec: SearchShardsSpec = { dir, parcels: parcels.finish() };
  if (withFirms) {
    const firms = new SearchTableBuilder(tableSpec(picker.size, FIRM_ROWS_PER_SHARD), (f, j) => files.set(`${firmsBase(dir)}/${f}`, j), 1);
    for (const row of picker.rows()) firms.add(row);
    spec.firms = firms.finish();
  }
  return { spec, files };
}

// ---- querying ----

function asRecord(v: unknown, file: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`search: ${file} is not an object`);
  return v as Record<string, unknown>;
}

function asRows(v: unknown, file: string): TableRow[] {
  if (!Array.isArray(v)) throw new Error(`search: ${file} is not a list of rows`);
  for (const r of v) {
    if (!Array.isArray(r) || typeof r[0] !== 'string' || typeof r[1] !== 'string' || typeof r[2] !== 'number' || typeof r[3] !== 'number') throw new Error(`search: ${file} has a malformed row`);
  }
  return v as TableRow[];
}

/** Intersection of sorted lists (the shortest first). */
function intersect(lists: number[][]): number[] {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let acc = sorted[0] ?? [];
  for (const other of sorted.slice(1)) {
    const set = new Set(other);
    acc = acc.filter((r) => set.has(r));
  }
  return acc;
}

/**
 * The first `limit` rows of a table (in row order) whose searched texts contain `q` (already trimmed and
 * lower-cased, non-empty) — as a scan of every row would find them.
 */
export async function firstMatches(spec: SearchTableSpec, base: string, read: ReadJson, q: string, limit: number, searched: 1 | 2): Promise<TableRow[]> {
  if (limit <= 0 || spec.rows === 0) return [];
  const grams = queryGrams(q);
  const shardOf = (g: string) => gramShard(g, spec.shards);
  const dicts = new Map<number, Record<string, unknown>>();
  await Promise.all(
    [...new Set(grams.map(shardOf))].map(async (s) => {
      const file = `${base}/${dictFile(s)}`;
      dicts.set(s, asRecord(await read(file), file));
    }),
  );
  // gram → band → rows of the band holding it
  const counts = new Map<string, Map<number, number>>();
  for (const g of grams) {
    const d = dicts.get(shardOf(g))!;
    if (!Object.hasOwn(d, g)) return []; // a gram no row has: no row matches
    const flat = d[g];
    if (!Array.isArray(flat)) throw new Error(`search: ${base}/${dictFile(shardOf(g))} entry is malformed`);
    const m = new Map<number, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) m.set(Number(flat[i]), Number(flat[i + 1]));
    counts.set(g, m);
  }
  // Only bands where every gram occurs can hold a match.
  const bands = [...counts.get(grams[0]!)!.keys()].filter((b) => grams.every((g) => counts.get(g)!.has(b))).sort((a, b) => a - b);
  const out: TableRow[] = [];
  const chunks = new Map<number, Promise<TableRow[]>>();
  const chunkOf = (k: number): Promise<TableRow[]> => {
    let p = chunks.get(k);
    if (!p) {
      const file = `${base}/${rowsFile(k)}`;
      chunks.set(k, (p = read(file).then((v) => asRows(v, file))));
    }
    return p;
  };
  const matches = (row: TableRow): boolean => row[0].toLowerCase().includes(q) || (searched === 2 && row[1].toLowerCase().includes(q));
  for (const b of bands) {
    const chosen = [...grams].sort((x, y) => counts.get(x)!.get(b)! - counts.get(y)!.get(b)!).slice(0, MAX_GRAMS);
    const lists = await Promise.all(
      chosen.map(async (g) => {
        const file = `${base}/${postingsFile(b, shardOf(g))}`;
        const seg = asRecord(await read(file), file)[g];
        if (typeof seg !== 'string') throw new Error(`search: ${file} has no postings for a gram its dictionary lists`);
        return decodePostings(seg, b * spec.band);
      }),
    );
    const candidates = intersect(lists);
    // Verify in row order, reading only the chunks of as many candidates as hits are still missing at a time.
    for (let i = 0; i < candidates.length && out.length < limit; ) {
      const batch = candidates.slice(i, i + (limit - out.length));
      i += batch.length;
      const rows = await Promise.all(batch.map(async (r) => (await chunkOf(Math.floor(r / spec.chunk)))[r % spec.chunk]));
      for (const row of rows) {
        if (row === undefined) throw new Error(`search: ${base} has a posting past its rows`);
        if (matches(row) && out.length < limit) out.push(row);
      }
    }
    if (out.length >= limit) break;
  }
  return out;
}

/** search(index, query, limit) answered from the shards `spec` describes, reading files through `read`. */
export async function searchShards(spec: SearchShardsSpec, read: ReadJson, query: string, limit = 12): Promise<SearchHit[]> {
  const q = query.trim().toLowerCase();
  if (!q || limit <= 0) return [];
  const [firms, parcels] = await Promise.all([
    spec.firms ? firstMatches(spec.firms, firmsBase(spec.dir), read, q, limit, 1) : Promise.resolve([]),
    firstMatches(spec.parcels, parcelsBase(spec.dir), read, q, limit, 2),
  ]);
  const firmHits: SearchHit[] = firms.map((r) => ({ kind: 'enterprise', label: r[0], parcelId: r[1], centroid: [r[2], r[3]] }));
  const parcelHits: SearchHit[] = parcels.map((r) => ({ kind: 'parcel', label: `${r[0]} ${r[1]}`, parcelId: r[0], centroid: [r[2], r[3]] }));
  return [...firmHits, ...parcelHits].slice(0, limit);
}
