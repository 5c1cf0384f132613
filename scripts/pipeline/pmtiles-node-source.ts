// Reading a PMTiles archive from disk with the `pmtiles` package (which ships only browser File and fetch sources):
// for the tests and checks that read back what the pipeline wrote (test and bench code only: it imports dev dependencies).
import { closeSync, openSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { Compression, PMTiles, type DecompressFunc, type Source } from 'pmtiles';
import { tileRange } from '../../src/lib/tiles/web-mercator.ts';

/** A byte source over a file; `close` releases it. The reader's first read asks for 16 KiB, more than a small archive has. */
export function nodeFileSource(path: string): Source & { close: () => void } {
  const fd = openSync(path, 'r');
  return {
    getKey: () => path,
    getBytes: async (offset: number, length: number) => {
      const buf = new Uint8Array(length);
      let done = 0;
      for (let n = 1; done < length && n > 0; done += n) n = readSync(fd, buf, done, length - done, offset + done);
      return { data: buf.buffer.slice(0, done) };
    },
    close: () => closeSync(fd),
  };
}

/** Synchronous gunzip: the default DecompressionStream path costs a stream per tile. */
export const gunzipDecompress: DecompressFunc = async (buf, compression) =>
  compression === Compression.Gzip ? new Uint8Array(gunzipSync(new Uint8Array(buf))).buffer : buf;

/** An archive on disk, read with synchronous gunzip; close its source when done. */
export function openArchive(path: string): { archive: PMTiles; close: () => void } {
  const source = nodeFileSource(path);
  return { archive: new PMTiles(source, undefined, gunzipDecompress), close: source.close };
}

/** Every feature's properties in every tile of an archive on disk (walked over its header's box and zooms). */
export async function archiveProperties(path: string): Promise<Record<string, unknown>[]> {
  const { archive, close } = openArchive(path);
  try {
    const h = await archive.getHeader();
    const out: Record<string, unknown>[] = [];
    for (let z = h.minZoom; z <= h.maxZoom; z++) {
      const [x0, y0, x1, y1] = tileRange([h.minLon, h.minLat, h.maxLon, h.maxLat], z);
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const got = await archive.getZxy(z, x, y);
          if (!got) continue;
          const tile = new VectorTile(new PbfReader(new Uint8Array(got.data)));
          for (const layer of Object.values(tile.layers)) for (let i = 0; i < layer.length; i++) out.push(layer.feature(i).properties);
        }
      }
    }
    return out;
  } finally {
    close();
  }
}

/** The features of one source layer of one tile, as property records (empty when the archive has no such tile or layer). */
export async function tileLayerProps(archive: PMTiles, z: number, x: number, y: number, layer: string): Promise<Record<string, unknown>[]> {
  const got = await archive.getZxy(z, x, y);
  if (!got) return [];
  const l = new VectorTile(new PbfReader(new Uint8Array(got.data))).layers[layer];
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i).properties) : [];
}

/** Archives opened by one test file, closed together (call `closeAll` in its afterAll). */
export function archiveOpener(): { open: (path: string) => PMTiles; closeAll: () => void } {
  const closers: (() => void)[] = [];
  return {
    open(path) {
      const { archive, close } = openArchive(path);
      closers.push(close);
      return archive;
    },
    closeAll() {
      for (const close of closers.splice(0)) close();
    },
  };
}
