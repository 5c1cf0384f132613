// Reading a county folder's files: re-openable byte sources for the streamed layers, side files decoded in their
// detected encoding, and the source hash the manifest records.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { JSONParser } from '@streamparser/json';
import { decodeAll } from '../../src/lib/data/encoding.ts';
import type { ByteSource } from '../../src/lib/data/geojson-stream.ts';

export function fileSource(path: string): ByteSource {
  return {
    name: path,
    async *open() {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Buffer;
    },
  };
}

export class JsonFileError extends Error {
  override name = 'JsonFileError';
}

/** A whole JSON file in its detected (or given) encoding; errors name the file and what is wrong. */
export async function readJsonFile(path: string, encoding?: string): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new JsonFileError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const { text } = decodeAll(bytes, { file: path, ...(encoding ? { encoding } : {}) });
  if (!/\S/.test(text)) throw new JsonFileError(`${path}: the file is empty`);
  try {
    return JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const at = /at position (\d+)/.exec(msg);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : null;
    throw new JsonFileError(`${path}: not valid JSON${line !== null ? ` at line ${line}` : ''} (${msg})`);
  }
}

/** Feeds a file's name and bytes into `hash` (the manifest's source_hash covers every file built from). */
export async function hashFile(hash: Hash, path: string, name: string): Promise<void> {
  hash.update(name);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
}

export const sha256 = (): Hash => createHash('sha256');

/** The `id` of every entry of a JSON array file (a parcels-index.json), streamed: a 500 000-entry index is not held. */
export async function streamIds(path: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const parser = new JSONParser({ paths: ['$.*.id'], keepStack: false });
  parser.onValue = ({ value }) => {
    ids.add(String(value));
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) parser.write(chunk as Buffer);
  return ids;
}
