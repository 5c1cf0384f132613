// Byte fixtures come from encoders independent of the code under test: Node's Buffer for UTF-8 and UTF-16LE (bytes
// swapped for BE), and GBK / GB18030 bytes written by hand from the code table (checked against iconv below when
// the machine has it).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  createTextDecoder,
  decodeAll,
  EncodingError,
  EncodingSniffer,
  parseEncodingName,
  type DetectedEncoding,
  type TextEncodingName,
} from './encoding.ts';

// GBK code table (GB2312 region), by hand.
const GBK: Record<string, number[]> = {
  宁海: [0xc4, 0xfe, 0xba, 0xa3],
  工业: [0xb9, 0xa4, 0xd2, 0xb5],
  示例: [0xca, 0xbe, 0xc0, 0xfd],
  名称: [0xc3, 0xfb, 0xb3, 0xc6],
  用地: [0xd3, 0xc3, 0xb5, 0xd8],
};
/** U+20000 𠀀 in GB18030 (four-byte form), and é (A8 A6). */
const GB_U20000 = [0x95, 0x32, 0x82, 0x36];
const GB_E_ACUTE = [0xa8, 0xa6];

const ascii = (s: string): number[] => [...Buffer.from(s, 'ascii')];
/** GBK bytes of a text made of ASCII and the words of the table above. */
function gbk(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    const word = Object.keys(GBK).find((w) => text.startsWith(w, i));
    if (word) {
      out.push(...GBK[word]!);
      i += word.length;
    } else {
      const c = text.charCodeAt(i);
      if (c > 0x7f) throw new Error(`fixture: no GBK bytes for ${text[i]}`);
      out.push(c);
      i++;
    }
  }
  return Uint8Array.from(out);
}
const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf16le'));
function utf16be(s: string): Uint8Array {
  const b = utf16le(s);
  for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  return b;
}
const cat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
function sniff(parts: Uint8Array[], file?: string): DetectedEncoding {
  const s = new EncodingSniffer(file !== undefined ? { file } : {});
  for (const p of parts) s.push(p);
  return s.finish();
}
function decodeChunks(parts: Uint8Array[], enc: DetectedEncoding | TextEncodingName, file?: string): string {
  const d = createTextDecoder(enc, file);
  let text = '';
  for (const p of parts) text += d.decode(p);
  return text + d.end();
}
/** Detect and decode in chunks of `size`, as the pipeline's two passes do. */
function twoPass(bytes: Uint8Array, size: number): { text: string; detected: DetectedEncoding } {
  const detected = sniff(chunks(bytes, size));
  return { text: decodeChunks(chunks(bytes, size), detected), detected };
}
function encodingError(f: () => unknown): EncodingError {
  try {
    f();
  } catch (e) {
    if (e instanceof EncodingError) return e;
    throw e;
  }
  throw new Error('expected an EncodingError');
}

const GEOJSON =
  '{"type":"FeatureCollection","features":[\n' +
  '{"type":"Feature","properties":{"id":"P-1","name":"宁海工业示例","use":"工业用地"},"geometry":null},\n' +
  '{"type":"Feature","properties":{"id":"P-2","name":"名称","note":"示例"},"geometry":null}\n' +
  ']}\n';

describe('GBK fixtures', () => {
  it('hand-written GBK bytes decode to the words they stand for', () => {
    for (const [word, bytes] of Object.entries(GBK)) expect(new TextDecoder('gbk').decode(Uint8Array.from(bytes))).toBe(word);
  });

  let hasIconv = false;
  try {
    execFileSync('iconv', ['--version'], { stdio: 'ignore' });
    hasIconv = true;
  } catch {
    hasIconv = false;
  }
  it.skipIf(!hasIconv)('agree with iconv -f UTF-8 -t GBK (skipped: iconv is not installed)', () => {
    for (const [word, bytes] of Object.entries(GBK)) expect([...execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: word })]).toEqual(bytes);
    expect([...execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: '𠀀é' })]).toEqual([...GB_U20000, ...GB_E_ACUTE]);
  });
});

describe('EncodingSniffer and decodeAll', () => {
  it('UTF-8 without a BOM', () => {
    const r = decodeAll(utf8(GEOJSON));
    expect(r.detected).toEqual({ encoding: 'utf-8', bom: false, reason: 'no byte-order mark; valid UTF-8 throughout' });
    expect(r.text).toBe(GEOJSON);
  });

  it('UTF-8 with a BOM: detected, and the BOM removed', () => {
    const r = decodeAll(cat([0xef, 0xbb, 0xbf], utf8(GEOJSON)));
    expect(r.detected.encoding).toBe('utf-8');
    expect(r.detected.bom).toBe(true);
    expect(r.text).toBe(GEOJSON);
  });

  it('UTF-16LE and UTF-16BE with a BOM', () => {
    const le = decodeAll(cat([0xff, 0xfe], utf16le(GEOJSON)));
    expect([le.detected.encoding, le.detected.bom, le.text]).toEqual(['utf-16le', true, GEOJSON]);
    const be = decodeAll(cat([0xfe, 0xff], utf16be(GEOJSON)));
    expect([be.detected.encoding, be.detected.bom, be.text]).toEqual(['utf-16be', true, GEOJSON]);
  });

  it('UTF-16LE and UTF-16BE without a BOM, from the NUL pattern of ASCII', () => {
    const le = decodeAll(utf16le(GEOJSON));
    expect([le.detected.encoding, le.detected.bom, le.text]).toEqual(['utf-16le', false, GEOJSON]);
    expect(le.detected.reason).toMatch(/NUL-byte pattern/);
    const be = decodeAll(utf16be(GEOJSON));
    expect([be.detected.encoding, be.detected.bom, be.text]).toEqual(['utf-16be', false, GEOJSON]);
    // A CSV that starts with Chinese: ASCII separators are enough.
    const csv = '名称,用地\n宁海,12.5\n工业,3\n';
    expect(decodeAll(utf16le(csv))).toMatchObject({ text: csv, detected: { encoding: 'utf-16le' } });
    expect(decodeAll(utf16be(csv))).toMatchObject({ text: csv, detected: { encoding: 'utf-16be' } });
    // Tiny inputs.
    expect(decodeAll(utf16le('{}')).detected.encoding).toBe('utf-16le');
    expect(decodeAll(utf16be('{}')).detected.encoding).toBe('utf-16be');
  });

  it('GBK GeoJSON with Chinese property values is read as GB18030, naming where UTF-8 failed', () => {
    const bytes = gbk(GEOJSON);
    const firstGbk = bytes.indexOf(0xc4); // 宁 of 宁海, on line 2
    const r = decodeAll(bytes);
    expect(r.detected).toEqual({ encoding: 'gb18030', bom: false, reason: `not valid UTF-8 (byte ${firstGbk}, line 2); decodes as GB18030/GBK with Chinese text` });
    expect(r.text).toBe(GEOJSON);
    expect(r.text).not.toContain('\uFFFD');
  });

  it('GBK whose first non-ASCII byte comes after 1 MB of ASCII, in 64 KB chunks', () => {
    const line = '{"type":"Feature","properties":{"id":"P-000000","name":"plain ascii"},"geometry":null},\n';
    const lines = Math.ceil((1 << 20) / line.length);
    const pad = line.repeat(lines);
    const text = '{"type":"FeatureCollection","features":[\n' + pad + '{"type":"Feature","properties":{"name":"宁海工业示例"},"geometry":null}\n]}\n';
    const bytes = gbk(text);
    const at = bytes.indexOf(0xc4);
    expect(at).toBeGreaterThan(1 << 20);
    for (const size of [65536, 65537, 4093]) {
      const r = twoPass(bytes, size);
      expect(r.detected.encoding).toBe('gb18030');
      expect(r.detected.reason).toBe(`not valid UTF-8 (byte ${at}, line ${lines + 2}); decodes as GB18030/GBK with Chinese text`);
      expect(r.text).toBe(text);
    }
  });

  it('short inputs fed one byte at a time, in every encoding', () => {
    const s = '{"名称":"宁海","用地":"工业𠀀"}\n';
    const cases: [Uint8Array, TextEncodingName][] = [
      [utf8(s), 'utf-8'],
      [cat([0xef, 0xbb, 0xbf], utf8(s)), 'utf-8'],
      [utf16le(s), 'utf-16le'],
      [cat([0xfe, 0xff], utf16be(s)), 'utf-16be'],
    ];
    for (const [bytes, enc] of cases) {
      const r = twoPass(bytes, 1);
      expect([r.detected.encoding, r.text]).toEqual([enc, s]);
    }
    const g = cat(gbk('{"名称":"宁海","用地":"工业'), GB_U20000, gbk('"}\n'));
    const r = twoPass(g, 1);
    expect([r.detected.encoding, r.text]).toEqual(['gb18030', s]);
  });

  it('chunk boundaries inside multi-byte characters, at every split point, in all encodings', () => {
    const s = 'a宁海,工业𠀀\n示例é';
    const cases: [Uint8Array, TextEncodingName][] = [
      [utf8(s), 'utf-8'],
      [utf16le(s), 'utf-16le'],
      [utf16be(s), 'utf-16be'],
      [cat(gbk('a宁海,工业'), GB_U20000, gbk('\n示例'), GB_E_ACUTE), 'gb18030'],
    ];
    for (const [bytes, enc] of cases) {
      for (let i = 1; i < bytes.length; i++) {
        for (let j = i; j < bytes.length; j++) {
          const parts = [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
          expect(sniff(parts).encoding, `${enc} split at ${i}, ${j}`).toBe(enc);
          expect(decodeChunks(parts, enc), `${enc} split at ${i}, ${j}`).toBe(s);
        }
      }
    }
  });

  it('long GB18030 text without any ASCII, in chunks that never end on a character boundary', () => {
    const run = gbk('宁海工业示例名称用地'.repeat(2000)); // 40 000 bytes without a byte below 0x80
    const text = '宁海工业示例名称用地'.repeat(2000);
    for (const size of [999, 5001, 1]) {
      const parts = chunks(run, size);
      expect(sniff(parts).encoding).toBe('gb18030');
      expect(decodeChunks(parts, 'gb18030')).toBe(text);
    }
    // An invalid byte deep inside such a run is found exactly.
    const bad = run.slice();
    bad[30001] = 0xff; // a trail byte: the sequence starting at 30000 is invalid
    const e = encodingError(() => decodeChunks(chunks(bad, 999), 'gb18030', 'run.txt'));
    expect([e.offset, e.line]).toEqual([30000, 1]);
    expect(e.message).toBe('run.txt: not valid GB18030/GBK at byte offset 30000, line 1. Re-save the file as UTF-8, or name its encoding with --encoding (utf-8, utf-16le, utf-16be, gbk, gb2312, gb18030, cp936).');
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, naming offset and line', () => {
    const bytes = cat(ascii('{"a":1,\n"b":2,\n"c":"'), [0xff], ascii('"}\n'));
    const e = encodingError(() => decodeAll(bytes, { file: 'x.geojson' }));
    expect(e.tried).toEqual(['utf-8', 'gb18030']);
    expect([e.offset, e.line]).toEqual([20, 3]);
    expect(e.message).toBe(
      'x.geojson: neither valid UTF-8 (first invalid byte at byte offset 20, line 3) nor GB18030/GBK (byte offset 20, line 3). ' +
        'Re-save the file as UTF-8, or name its encoding with --encoding (utf-8, utf-16le, utf-16be, gbk, gb2312, gb18030, cp936).',
    );
    // Latin-1 "café\n": E9 then LF is no GB18030 character either.
    const latin1 = cat(ascii('name,x\ncaf'), [0xe9], ascii('\n'));
    expect(encodingError(() => decodeAll(latin1)).message).toMatch(/^neither valid UTF-8 \(first invalid byte at byte offset 10, line 2\) nor GB18030\/GBK \(byte offset 10, line 2\)/);
  });

  it('refuses random high bytes', () => {
    let x = 12345;
    const bytes = new Uint8Array(4096).map(() => {
      x = (x * 1103515245 + 12345) >>> 0;
      return 0x80 + ((x >>> 16) & 0x7f);
    });
    const e = encodingError(() => sniff(chunks(bytes, 100)));
    expect(e.offset).not.toBeNull();
    expect(e.message).toContain(`byte offset ${e.offset}, line 1`);
  });

  it('refuses bytes that decode as GB18030 without any Chinese character (probably Latin-1)', () => {
    // "¨¦" in Latin-1 is A8 A6, which GB18030 reads as "é": valid, but no CJK.
    const bytes = cat(ascii('id,name\n1,caf'), GB_E_ACUTE, ascii('\n'));
    const e = encodingError(() => decodeAll(bytes, { file: 'names.csv' }));
    expect([e.offset, e.line]).toEqual([13, 2]);
    expect(e.message).toMatch(/^names\.csv: not valid UTF-8 \(first invalid byte at byte offset 13, line 2\); it decodes as GB18030\/GBK but without any Chinese character/);
    expect(e.message).toContain('--encoding');
  });

  it('refuses damaged UTF-8 Chinese text instead of reading it as GB18030', () => {
    const good = utf8('{"name":"宁海工业示例"}\n{"name":"名称');
    const cut = good.subarray(0, good.length - 2); // cut off inside 称 (E7 A7 B0)
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(cut)).not.toThrow(); // it would "decode" as GBK
    const e = encodingError(() => decodeAll(cut));
    expect([e.offset, e.line]).toEqual([good.length - 3, 2]);
    expect(e.message).toMatch(/not valid UTF-8 at byte offset \d+, line 2, although the Chinese text before it is UTF-8/);
  });

  it('a byte-order mark is binding: invalid text after it is refused', () => {
    const e = encodingError(() => decodeAll(cat([0xef, 0xbb, 0xbf], ascii('ok\n'), GBK['宁海']!)));
    expect(e.tried).toEqual(['utf-8']);
    expect([e.offset, e.line]).toEqual([6, 2]);
    expect(e.message).toMatch(/^starts with a UTF-8 byte-order mark \(EF BB BF\) but is not valid UTF-8 at byte offset 6, line 2\. Re-save/);
    // An unpaired surrogate in UTF-16LE on line 3.
    const u = cat([0xff, 0xfe], utf16le('a\nb\n'), [0x00, 0xdc], utf16le('c'));
    const e2 = encodingError(() => decodeAll(u));
    expect([e2.offset, e2.line, e2.tried]).toEqual([10, 3, ['utf-16le']]);
    // An odd length.
    const e3 = encodingError(() => decodeAll(cat([0xfe, 0xff], utf16be('ab'), [0x00])));
    expect([e3.offset, e3.line]).toEqual([6, 1]);
    // A GB18030 byte-order mark.
    const gbBom = decodeAll(cat([0x84, 0x31, 0x95, 0x33], gbk('宁海')));
    expect([gbBom.detected.encoding, gbBom.detected.bom, gbBom.text]).toEqual(['gb18030', true, '宁海']);
    // UTF-32 is not supported.
    expect(encodingError(() => decodeAll(Uint8Array.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]))).message).toMatch(/UTF-32/);
  });

  it('says early when the outcome can only be an error', () => {
    const s = new EncodingSniffer();
    s.push(cat(ascii('x'.repeat(600)), [0xff]));
    expect(s.failed).toBe(true);
    expect(() => s.finish()).toThrow(EncodingError);
    const ok = new EncodingSniffer();
    ok.push(gbk('x'.repeat(600) + '宁海'));
    expect(ok.failed).toBe(false);
    expect(ok.finish().encoding).toBe('gb18030');
  });

  it('empty input is UTF-8', () => {
    expect(decodeAll(new Uint8Array(0))).toEqual({ text: '', detected: { encoding: 'utf-8', bom: false, reason: 'empty input' } });
  });

  it('an --encoding override wins, and is still strict', () => {
    const bytes = gbk(GEOJSON);
    const r = decodeAll(bytes, { encoding: 'GBK' });
    expect(r.detected).toEqual({ encoding: 'gb18030', bom: false, reason: 'given: --encoding GBK' });
    expect(r.text).toBe(GEOJSON);
    const e = encodingError(() => decodeAll(bytes, { encoding: 'utf8', file: 'p.geojson' }));
    expect([e.offset, e.line, e.tried]).toEqual([bytes.indexOf(0xc4), 2, ['utf-8']]);
    expect(e.message).toMatch(/^p\.geojson: not valid UTF-8 at byte offset \d+, line 2\. Re-save the file as UTF-8/);
    // UTF-16LE without BOM named explicitly, BOM removed when present.
    expect(decodeAll(cat([0xff, 0xfe], utf16le('宁海')), { encoding: 'utf-16le' })).toMatchObject({ text: '宁海', detected: { bom: true } });
    expect(() => decodeAll(bytes, { encoding: 'latin1', file: 'p.geojson' })).toThrow(/^p\.geojson: unknown encoding "latin1"/);
  });

  it('streaming decoder errors name the absolute offset and line across chunks', () => {
    const text = 'line1\nline2\n'.repeat(5000) + 'x';
    const bytes = cat(utf8(text), [0xc3, 0x28]); // C3 then "(": invalid
    const e = encodingError(() => decodeChunks(chunks(bytes, 4096), 'utf-8', 'big.csv'));
    expect([e.offset, e.line]).toEqual([bytes.length - 2, 10001]);
    expect(e.message.startsWith('big.csv: not valid UTF-8 at byte offset')).toBe(true);
  });

  it('never produces U+FFFD from input without it', () => {
    const s = '{"name":"宁海工业示例名称用地𠀀é"}\n';
    const g = cat(gbk('{"name":"宁海工业示例名称用地'), GB_U20000, GB_E_ACUTE, gbk('"}\n'));
    const inputs = [utf8(s), cat([0xef, 0xbb, 0xbf], utf8(s)), utf16le(s), utf16be(s), cat([0xff, 0xfe], utf16le(s)), g];
    for (const bytes of inputs) {
      for (const size of [1, 3, 7, 1 << 16]) {
        const r = twoPass(bytes, size);
        expect(r.text).toBe(s);
        expect(r.text).not.toContain('\uFFFD');
      }
    }
    // A real U+FFFD in the source is kept.
    expect(decodeAll(utf8('a\uFFFDb')).text).toBe('a\uFFFDb');
  });
});

describe('parseEncodingName', () => {
  it('accepts the usual names, case-insensitive; GBK, GB2312 and CP936 read as GB18030', () => {
    expect(parseEncodingName('UTF-8')).toBe('utf-8');
    expect(parseEncodingName('utf8')).toBe('utf-8');
    expect(parseEncodingName('UTF-16LE')).toBe('utf-16le');
    expect(parseEncodingName('utf-16be')).toBe('utf-16be');
    for (const n of ['gbk', 'GBK', 'gb2312', 'GB18030', 'cp936', ' CP936 ']) expect(parseEncodingName(n)).toBe('gb18030');
  });
  it('refuses utf-16 without a byte order, and unknown names with the list', () => {
    expect(() => parseEncodingName('utf-16')).toThrow(/does not say the byte order.*utf-16le or utf-16be/);
    expect(() => parseEncodingName('latin1')).toThrow('unknown encoding "latin1"; accepted names: utf-8, utf8, utf-16le, utf16le, utf-16be, utf16be, gb18030, gbk, gb2312, cp936');
    expect(() => parseEncodingName('constructor')).toThrow(EncodingError);
  });
});
