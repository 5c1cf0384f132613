// Bbox reads of an indexed FlatGeobuf file through a REAL HTTP server on 127.0.0.1 with Range support:
// the answer must equal a brute-force scan, and a small box must move only a few percent of the file.

import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize } from 'flatgeobuf/lib/mjs/geojson.js';
import { writeIndexedFgb } from '../../src/lib/data/fgb-write.ts';
import { readFgbBbox, readFgbHeader } from '../../src/lib/data/fgb-read.ts';
import { httpByteSource } from '../../src/lib/data/byte-source.ts';
import { startStaticServer, type StaticServer } from './helpers/static-server.ts';
import { bruteForceIds, extentOf, makeParcels, seededRandom, sortedIds, type Box } from './helpers/fgb-fixtures.ts';

const COUNT = 20000;
const parcels = makeParcels({ count: COUNT, seed: 2021, radius: 0.0015 });
const [x0, y0, x1, y1] = extentOf(parcels);

/** Boxes of 0.5 %–4 % of the extent's width (≈ 0.3–2.4 km across) anywhere in the county. */
function smallBoxes(count: number): Box[] {
  const rnd = seededRandom(7);
  const out: Box[] = [];
  for (let i = 0; i < count; i++) {
    const s = 0.005 + rnd() * 0.035;
    const bx = x0 + rnd() * (1 - s) * (x1 - x0);
    const by = y0 + rnd() * (1 - s) * (y1 - y0);
    out.push([bx, by, bx + s * (x1 - x0), by + s * (y1 - y0)]);
  }
  return out;
}

let dir = '';
let fileSize = 0;
let server: StaticServer;
let noRangeServer: StaticServer;

beforeAll(async () => {
  vi.spyOn(console, 'debug').mockImplementation(() => {}); // flatgeobuf's HTTP reader is chatty
  dir = await mkdtemp(join(tmpdir(), 'tenglong-fgb-'));
  const bytes = writeIndexedFgb(parcels, { name: 'parcels' });
  fileSize = bytes.length;
  await writeFile(join(dir, 'parcels.fgb'), bytes);
  server = await startStaticServer(dir);
  noRangeServer = await startStaticServer(dir, { ranges: false });
});

afterAll(async () => {
  await server?.close();
  await noRangeServer?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('FlatGeobuf over HTTP Range', () => {
  test('the file is big enough for the 5 % claim to mean something', async () => {
    expect(fileSize).toBeGreaterThan(3_000_000);
    const h = await readFgbHeader(httpByteSource(`${server.url}/parcels.fgb`));
    expect(h.featuresCount).toBe(COUNT);
    expect(h.indexNodeSize).toBe(16);
  });

  test.each(smallBoxes(8).map((b, i) => [i, b] as const))(
    'small box %i: same ids as brute force, under 5 percent of the file transferred',
    async (i, box) => {
      const expected = bruteForceIds(parcels, box);
      server.stats.reset();
      const src = httpByteSource(`${server.url}/parcels.fgb`);
      const got = await readFgbBbox(src, box);
      expect(sortedIds(got)).toEqual(expected);
      expect(server.stats.requests.every((r) => r.status === 206)).toBe(true);
      // What the client counted is what the server sent.
      expect(src.bytesRead).toBe(server.stats.bytesSent);
      const fraction = src.bytesRead / fileSize;
      console.log(
        `box ${i}: ${expected.length} features, ${src.requestCount} requests, ` +
          `${src.bytesRead} of ${fileSize} bytes = ${(fraction * 100).toFixed(2)} %`,
      );
      expect(fraction).toBeLessThan(0.05);
    },
  );

  test("flatgeobuf's own deserialize(url, rect) reads our file and returns the same ids", async () => {
    for (const box of smallBoxes(4)) {
      const ids: string[] = [];
      const rect = { minX: box[0], minY: box[1], maxX: box[2], maxY: box[3] };
      for await (const f of deserialize(`${server.url}/parcels.fgb`, { rect })) ids.push(String(f.properties?.id));
      expect(ids.sort()).toEqual(bruteForceIds(parcels, box));
    }
  });

  test('a server without Range support still gives correct results, with rangeUnsupported set', async () => {
    const box = smallBoxes(1)[0]!;
    noRangeServer.stats.reset();
    const src = httpByteSource(`${noRangeServer.url}/parcels.fgb`);
    const got = await readFgbBbox(src, box);
    expect(sortedIds(got)).toEqual(bruteForceIds(parcels, box));
    expect(src.rangeUnsupported).toBe(true);
    // The whole file crossed the wire once; later reads were served from it.
    expect(noRangeServer.stats.requests).toHaveLength(1);
    expect(noRangeServer.stats.requests[0]!.status).toBe(200);
    expect(src.bytesRead).toBe(fileSize);
  });

  test('a missing file is a clear error', async () => {
    await expect(readFgbBbox(httpByteSource(`${server.url}/nope.fgb`), [0, 0, 1, 1])).rejects.toThrow(
      `HTTP 404 Not Found for ${server.url}/nope.fgb`,
    );
  });
});
