// Text encodings of input files. Chinese GIS exports are often GBK, which read as UTF-8 turns every Chinese name into
// U+FFFD and is then "accepted"; so the encoding is detected, and every decoder here is fatal: a byte sequence that
// is not valid in the chosen encoding is an EncodingError naming the byte offset and line, never a replacement
// character. Detection is incremental with bounded memory (files of hundreds of MB are streamed twice: pass one
// sniffs, pass two decodes). Pure: TextDecoder only, so it runs in Node, browsers and workers.
//
// Detection order (EncodingSniffer):
//   1. a byte-order mark: EF BB BF → UTF-8, FF FE → UTF-16LE, FE FF → UTF-16BE, 84 31 95 33 → GB18030
//      (a UTF-32 mark is refused); the whole stream must then be valid in that encoding;
//   2. UTF-16 without a mark, from the NUL-byte pattern of ASCII characters in the first 512 bytes;
//   3. UTF-8, validated over the WHOLE stream;
//   4. otherwise GB18030 (a superset of GBK and GB2312), also validated over the whole stream, and only when it
//      yields Chinese text (U+4E00–U+9FFF or U+3400–U+4DBF) — Latin-1 bytes often decode as GB18030 too — and the
//      part before the first invalid UTF-8 byte is not itself UTF-8 Chinese (see UTF8_CJK_DAMAGED).
// UTF-8 and GB18030 are checked side by side over the chunks, each output thrown away at once except a flag.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  /** The stream starts with a byte-order mark of `encoding` (removed by decodeAll and createTextDecoder). */
  bom: boolean;
  /** Why this encoding, for logs and reports. */
  reason: string;
}

const LABEL: Record<TextEncodingName, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  gb18030: 'GB18030/GBK',
};

/** Names `parseEncodingName` accepts (case-insensitive), and what they mean. */
export const ENCODING_NAMES: Readonly<Record<string, TextEncodingName>> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
  // GB18030 is a superset of GBK (= Windows code page 936) and of GB2312: one decoder reads all of them.
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
};

const HINT = 'Re-save the file as UTF-8, or name its encoding with --encoding (utf-8, utf-16le, utf-16be, gbk, gb2312, gb18030, cp936).';

export class EncodingError extends Error {
  override name = 'EncodingError';
  /** The encodings the bytes were tried in (empty when no decoding was attempted). */
  readonly tried: TextEncodingName[];
  /** 0-based byte offset of the first invalid byte sequence (of the first encoding tried), when there is one. */
  readonly offset: number | null;
  /** 1-based line of that offset (lines counted by LF). */
  readonly line: number | null;
  readonly file: string | undefined;
  constructor(message: string, details: { tried: TextEncodingName[]; offset?: number | null; line?: number | null; file?: string | undefined }) {
    super(message);
    this.tried = details.tried;
    this.offset = details.offset ?? null;
    this.line = details.line ?? null;
    this.file = details.file;
  }
}

const prefix = (file: string | undefined): string => (file ? `${file}: ` : '');

/**
 * Parses a user's `--encoding` value. `utf-16` without a byte order is refused on purpose: a UTF-16 file with a
 * byte-order mark is detected without any flag, and one without a mark can only be read when its byte order is
 * named (utf-16le, the Windows "Unicode", or utf-16be).
 */
export function parseEncodingName(name: string): TextEncodingName {
  const key = name.trim().toLowerCase();
  if (Object.hasOwn(ENCODING_NAMES, key)) return ENCODING_NAMES[key]!;
  const accepted = Object.keys(ENCODING_NAMES).join(', ');
  if (key === 'utf-16' || key === 'utf16') {
    throw new EncodingError(
      `encoding "${name}" does not say the byte order: a UTF-16 file with a byte-order mark is detected without --encoding; ` +
        `for one without a mark say utf-16le or utf-16be. Accepted names: ${accepted}`,
      { tried: [] },
    );
  }
  throw new EncodingError(`unknown encoding "${name}"; accepted names: ${accepted}`, { tried: [] });
}

// ---------------------------------------------------------------------------------------------------------------
// A strict streaming decoder that knows where it fails.
//
// A fatal TextDecoder says THAT a chunk is invalid, not where, and after `{ stream: true }` its pending bytes are
// hidden. So chunks are cut at character boundaries of valid text (see the cut functions) and each piece is decoded
// completely (no pending state between pieces); the few bytes after the cut wait for the next chunk. When a piece
// fails, it starts at a known boundary, so fresh decoders over its prefixes find the exact first invalid sequence.

const EMPTY = new Uint8Array(0);
const LF = 0x0a;

interface Failure {
  offset: number;
  line: number;
}

/**
 * UTF-8: after an ASCII byte, or before a lead byte (C2–F4), is a boundary in valid text; a carry of ≤ 4 bytes.
 * Bytes that never occur in UTF-8 (C0, C1, F5–FF) are decoded at once, so the failure shows without waiting.
 */
function cutUtf8(d: Uint8Array): number {
  for (let i = d.length - 1; i >= 0 && i >= d.length - 4; i--) {
    const b = d[i]!;
    if (b < 0x80 || b === 0xc0 || b === 0xc1 || b >= 0xf5) return i + 1;
    if (b >= 0xc2) return i;
  }
  // Four continuation bytes in a row are invalid anyway: decoding the whole piece reports them.
  return d.length;
}

/**
 * GB18030: bytes 00–2F, 3A–3F and 7F can only be one-byte characters (trail bytes are 30–39, 40–7E, 80–FE), so in
 * valid text a boundary follows each of them — quotes, commas, spaces, newlines. Without one near the end, the piece
 * (which starts at a boundary) is parsed forward by byte structure.
 */
const GB_SCAN_BACK = 4096;
function gbSync(b: number): boolean {
  return b <= 0x2f || (b >= 0x3a && b <= 0x3f) || b === 0x7f;
}
function cutGb18030(d: Uint8Array): number {
  for (let i = d.length - 1; i >= 0 && i >= d.length - GB_SCAN_BACK; i--) if (gbSync(d[i]!)) return i + 1;
  let i = 0;
  let last = 0;
  while (i < d.length) {
    const b = d[i]!;
    if (b <= 0x80 || b === 0xff) i += 1;
    else {
      const b1 = d[i + 1];
      if (b1 === undefined) break;
      i += b1 >= 0x30 && b1 <= 0x39 ? 4 : 2;
    }
    if (i <= d.length) last = i;
  }
  return last;
}

/** UTF-16: whole code units, and never right after a high surrogate. */
function cutUtf16(le: boolean): (d: Uint8Array) => number {
  return (d) => {
    let n = d.length & ~1;
    if (n >= 2) {
      const unit = le ? d[n - 2]! | (d[n - 1]! << 8) : (d[n - 2]! << 8) | d[n - 1]!;
      if (unit >= 0xd800 && unit <= 0xdbff) n -= 2;
    }
    return n;
  };
}

function cutFor(enc: TextEncodingName): (d: Uint8Array) => number {
  return enc === 'utf-8' ? cutUtf8 : enc === 'gb18030' ? cutGb18030 : cutUtf16(enc === 'utf-16le');
}

/** Line feeds in a piece that starts at a character boundary (UTF-16: LF code units). */
function countLf(d: Uint8Array, enc: TextEncodingName): number {
  let n = 0;
  let i = d.indexOf(LF);
  if (enc === 'utf-16le') {
    for (; i !== -1; i = d.indexOf(LF, i + 1)) if ((i & 1) === 0 && d[i + 1] === 0) n++;
  } else if (enc === 'utf-16be') {
    for (; i !== -1; i = d.indexOf(LF, i + 1)) if ((i & 1) === 1 && d[i - 1] === 0) n++;
  } else {
    for (; i !== -1; i = d.indexOf(LF, i + 1)) n++;
  }
  return n;
}

function fatalDecoder(enc: TextEncodingName): TextDecoder {
  // ignoreBOM: a byte-order mark is removed once, at the start of the stream, by the callers — not at every piece.
  return new TextDecoder(enc, { fatal: true, ignoreBOM: true });
}

/**
 * The first invalid sequence of a piece that starts at a character boundary and failed to decode: `end` is the
 * shortest prefix whose streaming decode throws (the whole piece + 1 when only its incomplete end is wrong), and the
 * sequence starts at the last complete boundary before it (at most 4 bytes back). Returns that start and the
 * decoded text before it.
 */
function locate(piece: Uint8Array, enc: TextEncodingName): { start: number; text: string } {
  const throwsStreaming = (n: number): boolean => {
    try {
      fatalDecoder(enc).decode(piece.subarray(0, n), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let end = piece.length + 1;
  if (throwsStreaming(piece.length)) {
    let lo = 1;
    let hi = piece.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (throwsStreaming(mid)) hi = mid;
      else lo = mid + 1;
    }
    end = lo;
  }
  for (let j = Math.min(end - 1, piece.length); j >= 0 && j >= end - 5; j--) {
    try {
      return { start: j, text: fatalDecoder(enc).decode(piece.subarray(0, j)) };
    } catch {
      // not a complete boundary: the invalid sequence starts earlier
    }
  }
  return { start: Math.max(0, end - 5), text: '' };
}

class StrictStream {
  private readonly dec: TextDecoder;
  private readonly cut: (d: Uint8Array) => number;
  private carry: Uint8Array = EMPTY;
  /** Byte offset of carry[0] in the stream, and its 1-based line. */
  private offset = 0;
  private line = 1;
  failure: Failure | null = null;

  constructor(readonly encoding: TextEncodingName) {
    this.dec = fatalDecoder(encoding);
    this.cut = cutFor(encoding);
  }

  /** Decoded text of the complete characters so far; after a failure, the valid text before it, then ''. */
  push(chunk: Uint8Array): string {
    if (this.failure || chunk.length === 0) return '';
    let data = chunk;
    if (this.carry.length) {
      data = new Uint8Array(this.carry.length + chunk.length);
      data.set(this.carry);
      data.set(chunk, this.carry.length);
    }
    const n = this.cut(data);
    this.carry = data.slice(n); // a copy: the caller may reuse its chunk buffer
    return n > 0 ? this.feed(data.subarray(0, n)) : '';
  }

  end(): string {
    if (this.failure) return '';
    const rest = this.carry;
    this.carry = EMPTY;
    return rest.length ? this.feed(rest) : '';
  }

  private feed(piece: Uint8Array): string {
    let out: string;
    try {
      out = this.dec.decode(piece);
    } catch {
      const { start, text } = locate(piece, this.encoding);
      this.failure = { offset: this.offset + start, line: this.line + countLf(piece.subarray(0, start), this.encoding) };
      this.carry = EMPTY;
      return text;
    }
    this.offset += piece.length;
    this.line += countLf(piece, this.encoding);
    return out;
  }
}

const where = (f: Failure): string => `byte offset ${f.offset}, line ${f.line}`;

// ---------------------------------------------------------------------------------------------------------------
// Detection

/** Bytes looked at for a byte-order mark and the UTF-16 NUL pattern. */
const HEAD_BYTES = 512;
const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF]/;
const CJK_G = /[\u3400-\u4DBF\u4E00-\u9FFF]/g;
/**
 * When at least this many Chinese characters decode as UTF-8 before the first invalid UTF-8 byte, the file is UTF-8
 * that is damaged (truncated, or a piece in another encoding) rather than GBK: GBK Chinese text almost never forms
 * even one valid 3-byte UTF-8 sequence by chance, and reading UTF-8 as GB18030 would turn every name into other,
 * wrong Chinese characters without any error.
 */
const UTF8_CJK_DAMAGED = 3;

const BOMS: { bytes: number[]; encoding: TextEncodingName; label: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', label: 'UTF-8 byte-order mark (EF BB BF)' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', label: 'UTF-16LE byte-order mark (FF FE)' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', label: 'UTF-16BE byte-order mark (FE FF)' },
  { bytes: [0x84, 0x31, 0x95, 0x33], encoding: 'gb18030', label: 'GB18030 byte-order mark (84 31 95 33)' },
];

const startsWith = (d: Uint8Array, bytes: readonly number[]): boolean => d.length >= bytes.length && bytes.every((b, i) => d[i] === b);

function hasBom(d: Uint8Array, enc: TextEncodingName): boolean {
  const b = BOMS.find((x) => x.encoding === enc);
  return b !== undefined && startsWith(d, b.bytes);
}

const textAscii = (b: number): boolean => (b >= 0x20 && b <= 0x7e) || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * UTF-16 without a byte-order mark: ASCII characters are (x, 00) in LE and (00, x) in BE, and UTF-8/GBK text has
 * no NUL bytes. Decided when at least a quarter of the first code units have the pattern, the other order's
 * pattern is rare (CJK code units such as U+4E00 look like it) and no unit is 00 00.
 */
function utf16Pattern(d: Uint8Array): { encoding: 'utf-16le' | 'utf-16be'; reason: string } | null {
  const n = d.length & ~1;
  if (n < 2) return null;
  let le = 0;
  let be = 0;
  for (let i = 0; i < n; i += 2) {
    const a = d[i]!;
    const b = d[i + 1]!;
    if (a === 0 && b === 0) return null;
    if (b === 0 && textAscii(a)) le++;
    else if (a === 0 && textAscii(b)) be++;
  }
  const units = n / 2;
  const says = (enc: 'utf-16le' | 'utf-16be', k: number) => ({
    encoding: enc,
    reason: `no byte-order mark; ${k} of the first ${units} code units are ASCII in the ${LABEL[enc]} NUL-byte pattern`,
  });
  if (le * 4 >= units && be * 4 <= le) return says('utf-16le', le);
  if (be * 4 >= units && le * 4 <= be) return says('utf-16be', be);
  return null;
}

/**
 * Decides the encoding of a byte stream fed chunk by chunk (any sizes, down to one byte). Memory stays bounded:
 * besides the first 512 bytes, at most a few kilobytes of each chunk are kept. `finish()` returns the encoding or throws an
 * EncodingError; once `failed` is true it will throw, so a caller may stop reading early.
 */
export class EncodingSniffer {
  private readonly file: string | undefined;
  private head: Uint8Array = new Uint8Array(HEAD_BYTES);
  private headLen = 0;
  private decided = false;
  private bytes = 0;
  /** Decided from the head alone (byte-order mark or UTF-16 pattern): the one stream must stay valid. */
  private preset: DetectedEncoding | null = null;
  private utf32: string | null = null;
  private utf8: StrictStream | null = null;
  private gb: StrictStream | null = null;
  private single: StrictStream | null = null;
  private gbCjk = false;
  private utf8Cjk = 0;
  private finished: DetectedEncoding | EncodingError | null = null;
  private readonly utf8Only: boolean;

  /**
   * `utf8Only`: a first, cheaper pass for a caller that can read the input again — only a byte-order mark, the UTF-16
   * pattern and UTF-8 are tried; `failed` turns true at the first invalid UTF-8 byte, and the caller then runs a full
   * sniffer over the input (which also tries GB18030). Most files are UTF-8 and are decoded once instead of twice.
   */
  constructor(opts: { file?: string; utf8Only?: boolean } = {}) {
    this.file = opts.file;
    this.utf8Only = opts.utf8Only === true;
  }

  push(chunk: Uint8Array): void {
    if (this.finished) throw new Error('EncodingSniffer: push() after finish()');
    this.bytes += chunk.length;
    if (!this.decided) {
      const take = Math.min(HEAD_BYTES - this.headLen, chunk.length);
      this.head.set(chunk.subarray(0, take), this.headLen);
      this.headLen += take;
      if (this.headLen < HEAD_BYTES) return;
      this.decide();
      chunk = chunk.subarray(take);
    }
    this.feed(chunk);
  }

  /** True when finish() can only throw: every candidate encoding has failed. */
  get failed(): boolean {
    if (this.utf32 !== null) return true;
    if (this.single) return this.single.failure !== null;
    if (this.utf8 && this.gb) return this.utf8.failure !== null && (this.gb.failure !== null || this.utf8Cjk >= UTF8_CJK_DAMAGED);
    if (this.utf8) return this.utf8.failure !== null;
    return false;
  }

  finish(): DetectedEncoding {
    if (this.finished === null) this.finished = this.conclude();
    if (this.finished instanceof EncodingError) throw this.finished;
    return this.finished;
  }

  private decide(): void {
    this.decided = true;
    const h = this.head.subarray(0, this.headLen);
    if (startsWith(h, [0xff, 0xfe, 0, 0]) || startsWith(h, [0, 0, 0xfe, 0xff])) {
      this.utf32 = startsWith(h, [0xff, 0xfe]) ? 'UTF-32LE byte-order mark (FF FE 00 00)' : 'UTF-32BE byte-order mark (00 00 FE FF)';
    } else {
      const bom = BOMS.find((b) => startsWith(h, b.bytes));
      const pattern = bom ? null : utf16Pattern(h);
      if (bom) this.preset = { encoding: bom.encoding, bom: true, reason: bom.label };
      else if (pattern) this.preset = { encoding: pattern.encoding, bom: false, reason: pattern.reason };
      if (this.preset) this.single = new StrictStream(this.preset.encoding);
      else {
        this.utf8 = new StrictStream('utf-8');
        if (!this.utf8Only) this.gb = new StrictStream('gb18030');
      }
    }
    const head = h;
    this.head = EMPTY;
    this.feed(head);
  }

  private feed(chunk: Uint8Array): void {
    if (chunk.length === 0 || this.failed) return;
    if (this.single) this.single.push(chunk);
    if (this.utf8 && !this.utf8.failure) this.noteUtf8(this.utf8.push(chunk));
    if (this.gb && !this.gb.failure) this.noteGb(this.gb.push(chunk));
  }

  private noteUtf8(text: string): void {
    // Chinese characters that decoded as UTF-8 (counted up to the limit; after a failure, those before it).
    if (this.utf8Cjk >= UTF8_CJK_DAMAGED || !CJK.test(text)) return;
    CJK_G.lastIndex = 0;
    while (this.utf8Cjk < UTF8_CJK_DAMAGED && CJK_G.exec(text)) this.utf8Cjk++;
  }

  private noteGb(text: string): void {
    if (!this.gbCjk && CJK.test(text)) this.gbCjk = true;
  }

  private conclude(): DetectedEncoding | EncodingError {
    if (!this.decided) this.decide();
    const pre = prefix(this.file);
    if (this.utf32 !== null) {
      return new EncodingError(`${pre}starts with a ${this.utf32}; UTF-32 is not supported. ${HINT}`, { tried: [], offset: 0, line: 1, file: this.file });
    }
    if (this.single && this.preset) {
      this.single.end();
      const f = this.single.failure;
      if (!f) return this.preset;
      const enc = this.preset.encoding;
      const why = this.preset.bom ? `starts with a ${this.preset.reason}` : `looks like ${LABEL[enc]} (${this.preset.reason})`;
      return new EncodingError(
        `${pre}${why} but is not valid ${LABEL[enc]} at ${where(f)}. ${HINT}`,
        { tried: [enc], offset: f.offset, line: f.line, file: this.file },
      );
    }
    const u = this.utf8!;
    if (!this.gb) {
      if (!u.failure) u.end();
      if (!u.failure) return { encoding: 'utf-8', bom: false, reason: this.bytes === 0 ? 'empty input' : 'no byte-order mark; valid UTF-8 throughout' };
      return new EncodingError(`${pre}not valid UTF-8 at ${where(u.failure)} (only UTF-8 was tried). ${HINT}`, {
        tried: ['utf-8'],
        offset: u.failure.offset,
        line: u.failure.line,
        file: this.file,
      });
    }
    const g = this.gb;
    if (!u.failure) this.noteUtf8(u.end());
    if (!g.failure) this.noteGb(g.end());
    const uf = u.failure;
    if (!uf) return { encoding: 'utf-8', bom: false, reason: this.bytes === 0 ? 'empty input' : 'no byte-order mark; valid UTF-8 throughout' };
    const details = { tried: ['utf-8', 'gb18030'] as TextEncodingName[], offset: uf.offset, line: uf.line, file: this.file };
    if (this.utf8Cjk >= UTF8_CJK_DAMAGED) {
      return new EncodingError(
        `${pre}not valid UTF-8 at ${where(uf)}, although the Chinese text before it is UTF-8: the file is damaged (e.g. cut off) ` +
          `or mixes encodings, and is not read as GB18030/GBK, which would garble every name. Repair or re-export it as UTF-8, ` +
          `or name its encoding with --encoding if it really is another one.`,
        details,
      );
    }
    const gf = g.failure;
    if (gf) return new EncodingError(`${pre}neither valid UTF-8 (first invalid byte at ${where(uf)}) nor GB18030/GBK (${where(gf)}). ${HINT}`, details);
    if (!this.gbCjk) {
      return new EncodingError(
        `${pre}not valid UTF-8 (first invalid byte at ${where(uf)}); it decodes as GB18030/GBK but without any Chinese character, ` +
          `so it is probably in another encoding (e.g. Latin-1 / Windows-1252, not supported). ${HINT}`,
        details,
      );
    }
    return {
      encoding: 'gb18030',
      bom: false,
      reason: `not valid UTF-8 (${where(uf).replace('byte offset', 'byte')}); decodes as GB18030/GBK with Chinese text`,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Decoding

/**
 * A strict streaming decoder (pass two of a streamed file): text of the complete characters of each chunk, the rest
 * at end(). A leading U+FEFF (byte-order mark) is removed once. Throws EncodingError with byte offset and line at
 * the first invalid sequence, from decode() or end().
 */
export function createTextDecoder(enc: DetectedEncoding | TextEncodingName, file?: string): { decode(chunk: Uint8Array): string; end(): string } {
  const encoding = typeof enc === 'string' ? enc : enc.encoding;
  const s = new StrictStream(encoding);
  let atStart = true;
  const out = (text: string): string => {
    if (s.failure) {
      const f = s.failure;
      throw new EncodingError(`${prefix(file)}not valid ${LABEL[encoding]} at ${where(f)}. ${HINT}`, { tried: [encoding], offset: f.offset, line: f.line, file });
    }
    if (atStart && text.length) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
    }
    return text;
  };
  return {
    decode: (chunk) => out(s.push(chunk)),
    end: () => out(s.end()),
  };
}

/**
 * Decodes a small file whole (JSON side files, the policy): detected, or as `opts.encoding` (a `--encoding` name)
 * when given; the byte-order mark removed; strict. Errors start with `opts.file` when given.
 */
export function decodeAll(bytes: Uint8Array, opts: { encoding?: string; file?: string } = {}): { text: string; detected: DetectedEncoding } {
  let detected: DetectedEncoding;
  if (opts.encoding !== undefined) {
    let encoding: TextEncodingName;
    try {
      encoding = parseEncodingName(opts.encoding);
    } catch (e) {
      throw opts.file && e instanceof EncodingError ? new EncodingError(`${opts.file}: ${e.message}`, { tried: [], file: opts.file }) : e;
    }
    detected = { encoding, bom: hasBom(bytes, encoding), reason: `given: --encoding ${opts.encoding}` };
  } else {
    const sniffer = new EncodingSniffer(opts.file !== undefined ? { file: opts.file } : {});
    sniffer.push(bytes);
    detected = sniffer.finish();
  }
  const d = createTextDecoder(detected, opts.file);
  const text = d.decode(bytes) + d.end();
  return { text, detected };
}
