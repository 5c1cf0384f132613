// A text file's bytes → text, for the readers of GeoJSON and CSV: the encoding named by the user (--encoding) or
// detected by the project's sniffer (UTF-8 with or without BOM, UTF-16, GBK/GB18030), never read into U+FFFD.
import { decodeAll, EncodingError } from '../data/encoding.ts';
import { ImportError } from './types.ts';

export function decodeText(file: string, bytes: Uint8Array, declared: string | undefined): { text: string; encoding: { name: string; from: 'declared' | 'detected' } } {
  try {
    const d = decodeAll(bytes, { file, ...(declared !== undefined ? { encoding: declared } : {}) });
    return { text: d.text, encoding: { name: d.detected.encoding, from: declared !== undefined ? 'declared' : 'detected' } };
  } catch (e) {
    if (e instanceof EncodingError) throw new ImportError(file, e.message.replace(`${file}: `, ''));
    throw e;
  }
}
