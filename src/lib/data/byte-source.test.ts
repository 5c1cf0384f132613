import { describe, expect, test } from 'vitest';
import { httpByteSource, memoryByteSource, readRanges } from './byte-source.ts';

const file = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

describe('memoryByteSource', () => {
  test('reads copies, clamps at the end, counts bytes and reads', async () => {
    const src = memoryByteSource(file);
    expect(await src.size()).toBe(1000);
    expect([...(await src.read(10, 3))]).toEqual([10, 11, 12]);
    expect((await src.read(990, 50)).length).toBe(10);
    expect((await src.read(2000, 5)).length).toBe(0);
    expect(src.bytesRead).toBe(13);
    expect(src.requestCount).toBe(3);
    await expect(src.read(-1, 2)).rejects.toThrow('memory: invalid byte range offset=-1 length=2');
  });
});

describe('readRanges', () => {
  test('merges neighbours within the gap and returns results in request order', async () => {
    const src = memoryByteSource(file);
    const ranges = [
      { offset: 500, length: 4 },
      { offset: 100, length: 10 },
      { offset: 110, length: 5 }, // touches the previous one
      { offset: 130, length: 2 }, // 15 bytes after
    ];
    const out = await readRanges(src, ranges, 0);
    expect(out.map((b) => [...b])).toEqual([[500 % 251, 501 % 251, 502 % 251, 503 % 251], [...file.slice(100, 110)], [...file.slice(110, 115)], [130, 131]]);
    expect(src.requestCount).toBe(3); // 100–115, 130–132, 500–504
    const src2 = memoryByteSource(file);
    await readRanges(src2, ranges, 15);
    expect(src2.requestCount).toBe(2);
    expect(src2.bytesRead).toBe(32 + 4); // 100–132 plus 500–504
  });
});

/** A fetch stand-in that answers like a static host, optionally ignoring Range. */
function fakeFetch(body: Uint8Array, honourRange: boolean, calls: string[]) {
  return async (_url: string, init?: RequestInit): Promise<Response> => {
    const range = new Headers(init?.headers).get('Range') ?? '';
    calls.push(range);
    const m = /^bytes=(\d+)-(\d+)$/.exec(range);
    if (!honourRange || !m) return new Response(body.slice(), { status: 200 });
    const start = Number(m[1]);
    if (start >= body.length) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${body.length}` } });
    const end = Math.min(Number(m[2]), body.length - 1);
    return new Response(body.slice(start, end + 1), {
      status: 206,
      headers: { 'Content-Range': `bytes ${start}-${end}/${body.length}` },
    });
  };
}

describe('httpByteSource', () => {
  test('uses Range requests and counts only the bytes received', async () => {
    const calls: string[] = [];
    const src = httpByteSource('http://127.0.0.1/x.fgb', fakeFetch(file, true, calls));
    expect([...(await src.read(250, 4))]).toEqual([250, 0, 1, 2]);
    expect((await src.read(995, 100)).length).toBe(5);
    expect((await src.read(1000, 10)).length).toBe(0); // 416
    expect(await src.size()).toBe(1000);
    expect(calls).toEqual(['bytes=250-253', 'bytes=995-1094', 'bytes=1000-1009']);
    expect(src.bytesRead).toBe(9);
    expect(src.rangeUnsupported).toBe(false);
  });

  test('size() asks for one byte when nothing was read yet', async () => {
    const calls: string[] = [];
    const src = httpByteSource('http://127.0.0.1/x.fgb', fakeFetch(file, true, calls));
    expect(await src.size()).toBe(1000);
    expect(calls).toEqual(['bytes=0-0']);
  });

  test('a server ignoring Range: one download, later reads served from it, flag set', async () => {
    const calls: string[] = [];
    const src = httpByteSource('http://127.0.0.1/x.fgb', fakeFetch(file, false, calls));
    expect([...(await src.read(300, 3))]).toEqual([49, 50, 51]);
    expect([...(await src.read(10, 2))]).toEqual([10, 11]);
    expect(await src.size()).toBe(1000);
    expect(calls).toHaveLength(1);
    expect(src.rangeUnsupported).toBe(true);
    expect(src.bytesRead).toBe(1000);
  });

  test('HTTP errors name the URL and range', async () => {
    const src = httpByteSource('http://127.0.0.1/missing.fgb', async () => new Response('nope', { status: 404, statusText: 'Not Found' }));
    await expect(src.read(0, 8)).rejects.toThrow('HTTP 404 Not Found for http://127.0.0.1/missing.fgb (Range: bytes=0-7)');
  });
});
