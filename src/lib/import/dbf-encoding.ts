// The text encoding of a .dbf: an explicit option ('declared') wins, then the .cpg beside it ('cpg'), then detection
// ('detected') from the dbf's own text bytes with the pipeline's sniffer, helped by the language driver byte. Chinese
// exports are GBK about as often as UTF-8, and often without a .cpg; GBK read as UTF-8 (or as the Windows-1252 the
// shapefile package assumes) turns every Chinese name into mojibake that is then "accepted". GBK, GB2312 and cp936
// are all read with the gb18030 decoder, their superset.
import { EncodingError, EncodingSniffer, parseEncodingName, type TextEncodingName } from '../data/encoding.ts';
import { ImportError } from './types.ts';

export interface DbfEncoding {
  /** A WHATWG TextDecoder label: 'utf-8', 'gb18030', … */
  name: string;
  from: 'cpg' | 'detected' | 'declared';
  reason: string;
}

export interface DbfHeader {
  records: number;
  headerLength: number;
  recordLength: number;
  /** Language driver id (byte 29): 0x4D / 0x7A = code page 936 (GBK), 0 = not said. */
  languageDriver: number;
  fields: { nameBytes: Uint8Array; type: string; offset: number; length: number }[];
}

const DBF_HEADER = 32;
const DESCRIPTOR = 32;
const FIELD_END = 0x0d;

/** The header of a dBase III/IV file as shapefiles use it; throws ImportError when the bytes are not one. */
export function readDbfHeader(bytes: Uint8Array, file: string): DbfHeader {
  if (bytes.length < DBF_HEADER + 1) throw new ImportError(file, `is ${bytes.length} bytes long, too short for a dBase file`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = v.getUint16(8, true);
  const recordLength = v.getUint16(10, true);
  if (headerLength > bytes.length || headerLength < DBF_HEADER + 1) throw new ImportError(file, `is not a dBase file (header length ${headerLength})`);
  const fields: DbfHeader['fields'] = [];
  let offset = 1; // the deletion flag comes first in each record
  for (let p = DBF_HEADER; p + DESCRIPTOR <= headerLength && bytes[p] !== FIELD_END; p += DESCRIPTOR) {
    let end = p;
    while (end < p + 11 && bytes[end] !== 0) end++;
    const length = bytes[p + 16]!;
    fields.push({ nameBytes: bytes.subarray(p, end), type: String.fromCharCode(bytes[p + 11]!), offset, length });
    offset += length;
  }
  return { records: v.getUint32(4, true), headerLength, recordLength, languageDriver: bytes[29]!, fields };
}

/** Code page names written in .cpg files (ArcGIS writes "UTF-8", "GBK", "936", "65001", "ANSI 936", …). */
export function encodingFromCpg(text: string, file: string): string {
  const raw = text.replace(/^\uFEFF/, '').trim();
  const key = raw.toUpperCase().replace(/^(?:ANSI|CP|WINDOWS-?)\s*/, '');
  if (key === '65001' || key === 'UTF-8' || key === 'UTF8') return 'utf-8';
  if (key === '936' || key === '54936' || key === '20936') return 'gb18030';
  if (key === '950' || key === 'BIG5') return 'big5';
  if (key === '1252') return 'windows-1252';
  if (key === '88591' || key === '28591' || key === 'ISO-8859-1' || key === 'LATIN1') return 'windows-1252';
  try {
    return parseEncodingName(raw);
  } catch {
    // not one of the pipeline's names: a WHATWG label the platform decoder knows is still usable
  }
  try {
    return new TextDecoder(raw.toLowerCase()).encoding;
  } catch {
    throw new ImportError(file, `names the encoding "${raw}", which this tool does not know; write UTF-8 or GBK in it, or declare --encoding`);
  }
}

/**
 * A name of 10 bytes may have been cut inside a UTF-8 character by its writer; that broken tail would make the whole
 * file "not UTF-8". Drops an incomplete UTF-8 sequence at the end (for GBK text this may drop a complete character:
 * only evidence is lost).
 */
function withoutCutUtf8Tail(b: Uint8Array): Uint8Array {
  for (let i = b.length - 1; i >= 0 && i >= b.length - 4; i--) {
    const x = b[i]!;
    if (x < 0x80) return b;
    if (x >= 0xc0) return b.length - i < (x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : 2) ? b.subarray(0, i) : b;
  }
  return b;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A 10-byte name whose only fault as UTF-8 is a cut last character is fed without it; any other name whole. */
function nameEvidence(b: Uint8Array): Uint8Array {
  if (b.length < 10) return b;
  const cut = withoutCutUtf8Tail(b);
  if (cut === b) return b;
  try {
    strictUtf8.decode(cut);
    return cut;
  } catch {
    return b;
  }
}

const GBK_DRIVERS = new Set([0x4d, 0x7a]);

/**
 * The encoding of a dbf's text. `cpg` is the .cpg file's text when there is one; `declared` an explicit option.
 * Detection feeds the sniffer with the field names and the character fields only (the binary header and numbers
 * would only add noise), each followed by a line feed so that no multi-byte character spans two values.
 */
export function dbfEncoding(dbf: Uint8Array, file: string, opts: { cpg?: { text: string; file: string }; declared?: string }): DbfEncoding {
  if (opts.declared !== undefined) {
    let name: TextEncodingName;
    try {
      name = parseEncodingName(opts.declared);
    } catch (e) {
      throw new ImportError(file, e instanceof Error ? e.message : String(e));
    }
    return { name, from: 'declared', reason: `declared: ${opts.declared}` };
  }
  if (opts.cpg) return { name: encodingFromCpg(opts.cpg.text, opts.cpg.file), from: 'cpg', reason: `${opts.cpg.file} says "${opts.cpg.text.trim()}"` };

  const head = readDbfHeader(dbf, file);
  const sniffer = new EncodingSniffer({ file });
  const lf = new Uint8Array([0x0a]);
  let nonAscii = false;
  const feed = (b: Uint8Array) => {
    if (!nonAscii && b.some((x) => x >= 0x80)) nonAscii = true;
    sniffer.push(b);
    sniffer.push(lf);
  };
  for (const f of head.fields) feed(nameEvidence(f.nameBytes));
  const text = head.fields.filter((f) => f.type === 'C' || f.type === 'M' || f.type === 'V');
  for (let r = 0; r < head.records && !sniffer.failed; r++) {
    const at = head.headerLength + r * head.recordLength;
    if (at + head.recordLength > dbf.length) break;
    for (const f of text) feed(dbf.subarray(at + f.offset, at + f.offset + f.length));
  }
  const gbkDriver = GBK_DRIVERS.has(head.languageDriver);
  if (!nonAscii) {
    // All ASCII: every candidate reads it the same; report what the file says.
    return gbkDriver
      ? { name: 'gb18030', from: 'detected', reason: 'ASCII text; language driver byte says code page 936 (GBK)' }
      : { name: 'utf-8', from: 'detected', reason: 'ASCII text' };
  }
  try {
    const d = sniffer.finish();
    const driver = gbkDriver ? '; language driver byte says code page 936 (GBK)' : '';
    return { name: d.encoding, from: 'detected', reason: `${d.reason}${driver}` };
  } catch (e) {
    if (!(e instanceof EncodingError)) throw e;
    throw new ImportError(file, `${e.message.replace(`${file}: `, '')} (no .cpg beside it; write one, e.g. containing GBK or UTF-8)`);
  }
}
