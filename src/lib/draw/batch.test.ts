import { describe, expect, it } from 'vitest';
import type { AreaGeometry } from '../data/schema.ts';
import { buildRuleLayers } from '../rules/check.ts';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { countByRule, rowsForRule, runBatch, type BatchParcel } from './batch.ts';

// A 100 m × 100 m square ≈ 15 亩 near 29.3°N (0.001° lon ≈ 97.1 m, 0.0009° lat ≈ 99.8 m: about 9 690 m²,
// ≈ 14.5 亩). Floor areas are chosen far from the thresholds so the verdicts do not hinge on the last m².
const sq = (lon: number, lat: number): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + 0.001, lat], [lon + 0.001, lat + 0.0009], [lon, lat + 0.0009], [lon, lat]]],
});

function parcel(id: string, floor: number | null, industry = 'general', grade: 'A' | 'D' | null = 'A'): BatchParcel {
  return { geometry: sq(121.45, 29.35), props: { id, industry, floor_area_m2: floor, height_m: 10, enterprise_id: 'E1', grade, score: 80, mujun_tax: 30 } };
}

/** No zones and no control lines: the verdicts below come from the parcels' own figures. */
const NONE = buildRuleLayers([], []);

describe('runBatch', () => {
  const policy = ninghaiPolicy();
  // The batch judges existing uses: FAR below 1.0 makes land low-efficiency (the FAR minimum binds works only, so for
  // these parcels far.min is information, never listed): 5 000 m² floor on ≈ 9 690 m² → FAR ≈ 0.52; 20 000 m² → ≈ 2.06.
  const parcels = [parcel('P1', 5000), parcel('P2', 20000), parcel('P3', 5000, 'chemicals', 'D'), parcel('P4', 20000, 'general', 'D')];

  it('checks every parcel in chunks, reports progress per chunk, keeps fail/warn only', async () => {
    const progress: [number, number][] = [];
    let pauses = 0;
    const res = await runBatch(
      { parcels, total: parcels.length, rules: NONE, policy },
      { every: 3, onProgress: (d, t) => progress.push([d, t]), pause: async () => void pauses++ },
    );
    expect(progress).toEqual([[3, 4], [4, 4]]);
    expect(pauses).toBe(1);
    expect(res).not.toBeNull();
    const byId = new Map(res!.map((r) => [r.id, r.issues.map((i) => `${i.rule}:${i.status}`)]));
    // P1: FAR 0.52 < 1.0 (general) is low-efficiency; P3: chemicals (below 0.6 is its own minimum) 0.52 < 0.6 too, and
    // grade D fails 亩均. far.min is never an issue of an existing use.
    expect(byId.get('P1')).toContain('low-efficiency:fail');
    expect(byId.get('P2') ?? []).not.toContain('low-efficiency:fail');
    expect(byId.get('P3')).toEqual(expect.arrayContaining(['low-efficiency:fail', 'mujun.grade:fail']));
    expect(byId.get('P4')).toContain('mujun.grade:fail');
    expect(res!.flatMap((r) => r.issues).some((i) => i.rule === 'far.min')).toBe(false);
    const low = res!.flatMap((r) => r.issues).find((i) => i.rule === 'low-efficiency');
    expect(low?.message.zh).toMatch(/容积率 0\.5\d/);

    const counts = countByRule(res!);
    expect(counts.find((c) => c.rule === 'low-efficiency')?.fail).toBe(2);
    expect(counts.find((c) => c.rule === 'mujun.grade')?.fail).toBe(2);
    expect(rowsForRule(res!, 'low-efficiency').map((r) => r.id)).toEqual(['P1', 'P3']);
  });

  it('stops between chunks when cancelled', async () => {
    let n = 0;
    const res = await runBatch({ parcels, total: parcels.length, rules: NONE, policy }, { every: 1, onProgress: () => n++, cancelled: () => n >= 2 });
    expect(res).toBeNull();
    expect(n).toBe(2);
  });

  it('checks a stream of parcels as they arrive, with progress against the expected count and the real one at the end', async () => {
    let pulled = 0;
    async function* stream(): AsyncGenerator<BatchParcel> {
      for (const p of parcels) {
        pulled++;
        yield p;
      }
    }
    const progress: [number, number][] = [];
    // The manifest said 6: progress runs against 6 until the stream ends after 4.
    const res = await runBatch({ parcels: stream(), total: 6, rules: NONE, policy }, { every: 2, onProgress: (d, t) => progress.push([d, t]) });
    expect(pulled).toBe(4);
    expect(progress).toEqual([[2, 6], [4, 6], [4, 4]]);
    expect(res!.map((r) => r.id).sort()).toEqual(['P1', 'P3', 'P4']);
  });

  it('a parcel whose check throws is reported, the rest still checked', async () => {
    // No geometry at all: the check itself throws (an empty ring list does not — it is just a 0 亩 parcel).
    const broken: BatchParcel = { geometry: null as unknown as AreaGeometry, props: { id: 'BAD' } };
    const res = await runBatch({ parcels: [broken, parcels[0]!], total: 2, rules: NONE, policy }, { every: 10, onProgress: () => undefined });
    expect(res!.map((r) => r.id)).toEqual(['BAD', 'P1']);
    expect(res![0]!.issues).toEqual([expect.objectContaining({ rule: 'check', status: 'fail' })]);
  });
});

describe('countByRule / rowsForRule', () => {
  const m = { zh: 'x', en: 'x' };
  const results = [
    { id: 'B', issues: [{ rule: 'far.min', status: 'warn' as const, message: m }, { rule: 'control-line', status: 'warn' as const, message: m }] },
    { id: 'C', issues: [{ rule: 'far.min', status: 'fail' as const, message: m }] },
    { id: 'A', issues: [{ rule: 'far.min', status: 'warn' as const, message: m }, { rule: 'zone.central', status: 'fail' as const, message: m }] },
  ];

  it('counts fail and warn per rule, most failures first, then most warnings, then by id', () => {
    expect(countByRule(results)).toEqual([
      { rule: 'far.min', fail: 1, warn: 2 },
      { rule: 'zone.central', fail: 1, warn: 0 },
      { rule: 'control-line', fail: 0, warn: 1 },
    ]);
  });

  it('lists failures before warnings, each by parcel id; an unknown rule lists nothing', () => {
    expect(rowsForRule(results, 'far.min').map((r) => `${r.id}:${r.status}`)).toEqual(['C:fail', 'A:warn', 'B:warn']);
    expect(rowsForRule(results, 'nope')).toEqual([]);
  });
});
