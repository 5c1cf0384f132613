// Streamed reading of one GeoJSON FeatureCollection: bytes → text in the file's encoding → features one at a time,
// so a 500 MB parcels file never has to be held whole. Sources are re-openable, which lets the pipeline make one
// pass to learn the file (encoding, CRS, extent) before the pass that builds from it. Pure: runs in Node and in a
// browser worker alike (a Blob's stream() is an AsyncIterable of Uint8Array).
import { JSONParser } from '@streamparser/json';
import { createTextDecoder, EncodingSniffer, parseEncodingName, type DetectedEncoding } from './encoding.ts';

/** Bytes that can be read again from the start (a file path, a Blob, a buffer in a test). */
export interface ByteSource {
  /** How messages name it (a path or a file name). */
  name: string;
  open(): AsyncIterable<Uint8Array>;
}

export class GeoJsonError extends Error {
  override name = 'GeoJsonError';
}

export function bytesSource(name: string, bytes: Uint8Array, chunk = 1 << 16): ByteSource {
  return {
    name,
    async *open() {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, Math.min(bytes.length, i + chunk));
    },
  };
}

/**
 * The encoding of the whole source: `override` (a user's --encoding) wins, else it is detected over every byte
 * (a GBK file whose first Chinese character sits 100 MB in is still recognised).
 */
export async function sniffEncoding(src: ByteSource, override?: string): Promise<DetectedEncoding> {
  if (override !== undefined && override !== '') {
    const encoding = parseEncodingName(override);
    return { encoding, bom: false, reason: `given with --encoding ${override}` };
  }
  // Most files are UTF-8: a first pass tries only that (and the BOM / UTF-16 checks), stopping at the first byte
  // that is not UTF-8; only then is the file read again by the full sniffer, which also tries GB18030.
  const quick = new EncodingSniffer({ utf8Only: true });
  for await (const chunk of src.open()) {
    quick.push(chunk);
    if (quick.failed) break;
  }
  try {
    if (!quick.failed) return quick.finish();
    const sniffer = new EncodingSniffer();
    for await (const chunk of src.open()) {
      sniffer.push(chunk);
      if (sniffer.failed) break;
    }
    return sniffer.finish();
  } catch (e) {
    throw new GeoJsonError(`${src.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Top-level members of the collection other than its features. */
export interface CollectionHead {
  type: unknown;
  crs: unknown;
  /** `"sample": true` marks the generated sample county. */
  sample: unknown;
  /** How many features the `features` array held. */
  count: number;
}

/** Where in the chunk just written the parser failed, in UTF-8 bytes of that chunk. */
const CHUNK_POSITION = /at chunk position "(\d+)"/;

/**
 * Calls `onFeature` for each member of `features`, in order, and returns the other top-level members. JSON errors
 * name the file and the line; a document that is not a FeatureCollection is refused with what it is instead.
 */
export async function readFeatures(
  src: ByteSource,
  encoding: DetectedEncoding,
  onFeature: (raw: unknown, index: number) => void | Promise<void>,
): Promise<CollectionHead> {
  const head: CollectionHead = { type: undefined, crs: undefined, sample: undefined, count: 0 };
  let featuresSeen = false;
  let pending: unknown[] = [];
  // keepStack: false and the emptied parent array keep memory flat: each feature is dropped once handed over.
  const parser = new JSONParser({ paths: ['$.type', '$.crs', '$.sample', '$.features', '$.features.*'], keepStack: false });
  parser.onValue = ({ value, key, parent, stack }) => {
    if (stack.length === 2) {
      pending.push(value);
      if (Array.isArray(parent)) parent.length = 0;
      return;
    }
    if (key === 'type') head.type = value;
    else if (key === 'crs') head.crs = value;
    else if (key === 'sample') head.sample = value;
    else if (key === 'features') featuresSeen = Array.isArray(value);
  };
  let failure: Error | undefined;
  parser.onError = (e) => {
    failure ??= e;
  };
  // The parser ends by itself when the top-level value closes (trailing whitespace is fine, anything else errors).
  let ended = false;
  parser.onEnd = () => {
    ended = true;
  };
  const decoder = createTextDecoder(encoding, src.name);
  let lines = 1;
  let content = false;
  const feed = async (text: string): Promise<void> => {
    if (text === '' || failure) return;
    content ||= /\S/.test(text);
    try {
      parser.write(text);
    } catch (e) {
      failure ??= e instanceof Error ? e : new Error(String(e));
    }
    if (failure) throw jsonError(src.name, failure, text, lines);
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
    const batch = pending;
    pending = [];
    for (const f of batch) await onFeature(f, head.count++);
  };
  for await (const chunk of src.open()) await feed(decoder.decode(chunk));
  await feed(decoder.end());
  if (!failure && !ended) {
    try {
      parser.end();
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    }
  }
  if (!content) throw new GeoJsonError(`${src.name}: the file is empty`);
  if (failure) throw new GeoJsonError(`${src.name}: not valid JSON: the file ends before the JSON is complete (truncated?)`);
  if (head.type !== 'FeatureCollection' || !featuresSeen) {
    const what =
      head.type === 'Feature'
        ? 'a single Feature; wrap it as {"type": "FeatureCollection", "features": [ … ]}'
        : head.type === undefined
          ? 'not a GeoJSON object with "type": "FeatureCollection" and a "features" array'
          : `of type ${JSON.stringify(head.type)}${featuresSeen ? '' : ' without a "features" array'}`;
    throw new GeoJsonError(`${src.name}: not a GeoJSON FeatureCollection: the document is ${what}`);
  }
  return head;
}

/** "file: not valid JSON at line 12: Unexpected …", the line counted up to the parser's position in this chunk. */
function jsonError(file: string, e: Error, text: string, linesBefore: number): GeoJsonError {
  const m = CHUNK_POSITION.exec(e.message);
  let line = linesBefore;
  if (m) {
    // The parser counts UTF-8 bytes of what it was given; Chinese text before the error makes that differ from
    // the character index, so the bytes up to the position are decoded back before counting line breaks.
    const upTo = new TextDecoder().decode(new TextEncoder().encode(text).subarray(0, Number(m[1])));
    for (let i = upTo.indexOf('\n'); i !== -1; i = upTo.indexOf('\n', i + 1)) line++;
  }
  const detail = e.message.replace(/ at chunk position "\d+"/, '').replace(/ \(absolute position "\d+"\)/, '');
  return new GeoJsonError(`${file}: not valid JSON at line ${line}: ${detail}`);
}
