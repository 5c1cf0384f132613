import { describe, expect, it } from 'vitest';
import { readShardEntry, shardCount, shardOf, shardRow } from './id-shard.ts';

describe('id shards', () => {
  it('uses FNV-1a 32 (published test vectors)', () => {
    // FNV-1a 32-bit: "a" → 0xe40c292c, "foobar" → 0xbf9cf968
    expect(shardOf('a', 1 << 16)).toBe(0x292c);
    expect(shardOf('foobar', 1 << 16)).toBe(0xf968);
    expect(shardOf('foobar', 1)).toBe(0);
  });
  it('sizes the shard count as a power of two of about 256 ids each', () => {
    expect(shardCount(0)).toBe(1);
    expect(shardCount(256)).toBe(1);
    expect(shardCount(257)).toBe(2);
    expect(shardCount(4000)).toBe(16);
    expect(shardCount(1_000_000)).toBe(4096);
  });
  it('spreads sample-like ids evenly', () => {
    const shards = 64;
    const counts = new Array<number>(shards).fill(0);
    for (let i = 0; i < 64 * 256; i++) counts[shardOf(`NH-${String(i).padStart(5, '0')}-${i % 7}`, shards)]!++;
    expect(Math.max(...counts)).toBeLessThan(256 * 1.3);
    expect(Math.min(...counts)).toBeGreaterThan(256 * 0.7);
  });
  it('round-trips an entry and refuses malformed rows', () => {
    const e = { bbox: [121.1, 29.2, 121.2, 29.3] as [number, number, number, number], point: [121.15, 29.25] as [number, number], area_mu: 12.5, name: '示例地块' };
    const shard = { 'P-1': shardRow(e) };
    expect(readShardEntry(JSON.parse(JSON.stringify(shard)), 'P-1')).toEqual(e);
    expect(readShardEntry(shard, 'P-2')).toBeNull();
    expect(readShardEntry({ 'P-1': [1, 2, 3] }, 'P-1')).toBeNull();
    expect(readShardEntry({ 'P-1': [1, 2, 3, 4, 5, 6, 'x', 'n'] }, 'P-1')).toBeNull();
    expect(readShardEntry(null, 'P-1')).toBeNull();
    expect(readShardEntry({ toString: [] }, 'toString')).toBeNull();
  });
});
