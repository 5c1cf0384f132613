// The pipeline's rule fields (`failing`, `low_efficiency`, `carbon_grade`, `carbon_l` on INTERNAL parcels) against
// the card's own check and an independent carbon computation, and kept out of the public files.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/build-data.ts';
import { writeSample } from '../../scripts/sample/generate.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import type { AreaGeometry, ControlLineProps, Feature, ParcelInternal, ZoneProps } from '../../src/lib/data/schema.ts';
import { buildRuleLayers, failingRules } from '../../src/lib/rules/check.ts';
import { existingParcelCheck } from '../../src/lib/rules/parcel-findings.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';

const root = mkdtempSync(join(tmpdir(), 'tenglong-derive-'));
const out = join(root, 'data');
const policy = ninghaiPolicy();
const fgb = <P>(dir: string, name: string) => readAllFgb(new Uint8Array(readFileSync(join(out, dir, `${name}.fgb`)))) as unknown as Feature<AreaGeometry, P>[];

let parcels: Feature<AreaGeometry, ParcelInternal>[] = [];
beforeAll(async () => {
  await writeSample(join(root, 'src'), { parcels: 3000 });
  await buildData({ src: join(root, 'src'), out, store: join(root, 'store'), policy });
  parcels = fgb<ParcelInternal>('internal', 'parcels');
}, 120_000);

describe('pipeline rule fields', () => {
  it('stores `failing` equal to the card check of the same parcel, and low_efficiency with it', () => {
    const layers = buildRuleLayers(fgb<ZoneProps>('public', 'zones'), fgb<ControlLineProps>('public', 'control-lines'));
    const seen = new Set<string>();
    for (const p of parcels) {
      const c = existingParcelCheck(p.properties, p.geometry, layers, policy);
      expect({ id: p.properties.id, failing: p.properties.failing ?? '' }).toEqual({ id: p.properties.id, failing: failingRules(c) });
      expect(p.properties.low_efficiency).toBe((p.properties.failing ?? '').split(',').includes('low-efficiency'));
      for (const r of (p.properties.failing ?? '').split(',').filter(Boolean)) seen.add(r);
    }
    // The sample county exercises the colouring: several rules fail somewhere.
    expect([...seen]).toEqual(expect.arrayContaining(['low-efficiency', 'mujun.grade', 'carbon.grade']));
  });

  it('stores the 碳效 grade of K = (CO₂ / value added) / industry average by the 0.6 / 0.8 / 1.2 / 2.0 bounds', () => {
    const firms = new Map(
      (JSON.parse(readFileSync(join(out, 'internal', 'enterprises.json'), 'utf8')) as { enterprises: { id: string; co2_t: number; value_added_10k: number; grade: string | null }[] }).enterprises.map((e) => [e.id, e]),
    );
    const avg = policy.carbon.industry_avg_l as Record<string, number>;
    let graded = 0;
    for (const { properties: p } of parcels) {
      const e = p.enterprise_id ? firms.get(p.enterprise_id) : undefined;
      if (!e || !e.grade || !(e.value_added_10k > 0)) {
        expect(p.carbon_grade ?? null).toBeNull(); // vacant, not evaluated or no value added: not graded
        continue;
      }
      const k = e.co2_t / e.value_added_10k / (avg[p.industry] ?? avg['general']!);
      const want = k <= 0.6 + 1e-9 ? 1 : k <= 0.8 + 1e-9 ? 2 : k <= 1.2 + 1e-9 ? 3 : k <= 2.0 + 1e-9 ? 4 : 5;
      expect({ id: p.id, grade: p.carbon_grade }).toEqual({ id: p.id, grade: want });
      graded++;
    }
    expect(graded).toBeGreaterThan(500);
  });

  it('keeps the rule fields out of the public parcels', () => {
    for (const f of fgb<Record<string, unknown>>('public', 'parcels')) {
      for (const k of ['failing', 'low_efficiency', 'carbon_grade', 'carbon_l', 'grade']) expect(Object.keys(f.properties)).not.toContain(k);
    }
  });
});
