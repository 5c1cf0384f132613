// The card's rule layers read by box give the verdicts the whole layers give: every parcel of the built sample county,
// checked as the card checks it (existingParcelCheck) against the zones and control lines meeting its box (read from
// the published, indexed files through a byte source) and against the whole layers. The box read must also be a real
// cut: most parcels see fewer features than the layers hold.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { memoryByteSource } from '../data/byte-source.ts';
import { readAllFgb } from '../data/fgb-read.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { bboxOf } from '../geo/index.ts';
import { buildRuleLayers } from './check.ts';
import { RULE_GRID, ruleLayersNear, ruleReadBox } from './layers-near.ts';
import { existingParcelCheck, type ExistingParcel } from './parcel-findings.ts';
import { parsePolicy } from './policy.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA = join(ROOT, 'public', 'data');
const policy = parsePolicy(JSON.parse(readFileSync(join(ROOT, 'data/policy/ninghai-2021-2025.json'), 'utf8')));
const bytes = (path: string) => new Uint8Array(readFileSync(join(DATA, path)));

describe('ruleLayersNear', () => {
  it('gives every sample parcel the card verdict of the whole layers, from fewer features for most', async () => {
    const zonesFile = bytes('public/zones.fgb');
    const linesFile = bytes('public/control-lines.fgb');
    const zones = readAllFgb(zonesFile) as unknown as Feature<AreaGeometry, ZoneProps>[];
    const lines = readAllFgb(linesFile) as unknown as Feature<AreaGeometry, ControlLineProps>[];
    const whole = buildRuleLayers(zones, lines);
    const sources = { zones: memoryByteSource(zonesFile, 'zones.fgb'), controlLines: memoryByteSource(linesFile, 'control-lines.fgb') };
    const parcels = readAllFgb(bytes('internal/parcels.fgb')) as unknown as Feature<AreaGeometry>[];
    expect(parcels.length).toBeGreaterThan(1000);
    let cut = 0;
    let related = 0;
    for (const p of parcels) {
      // The box the app reads for a card or a drawn shape: the parcel's, widened to grid cells.
      const near = await ruleLayersNear(sources, ruleReadBox(bboxOf(p.geometry)));
      const props = p.properties as unknown as ExistingParcel;
      const a = existingParcelCheck(props, p.geometry, near, policy);
      const b = existingParcelCheck(props, p.geometry, whole, policy);
      expect(a, String(props.id)).toEqual(b);
      if (near.zones.length + near.controlLines.length < zones.length + lines.length) cut++;
      if (near.zones.length + near.controlLines.length > 0) related++;
    }
    // Not a comparison of the whole with itself: the box read left features out for most parcels, and kept some for many.
    expect(cut).toBeGreaterThan(parcels.length * 0.9);
    expect(related).toBeGreaterThan(parcels.length * 0.3);
  });
});

describe('ruleReadBox', () => {
  it('widens a box outwards to whole 1/64° cells', () => {
    // 121.43 × 64 = 7771.52 → 7771 / 64 = 121.421875; 29.301 × 64 = 1875.264 → 1875 / 64 = 29.296875;
    // 121.44 × 64 = 7772.16 → 7773 / 64 = 121.453125; 29.305 × 64 = 1875.52 → 1876 / 64 = 29.3125.
    expect(RULE_GRID).toBe(64);
    expect(ruleReadBox([121.43, 29.301, 121.44, 29.305])).toEqual([121.421875, 29.296875, 121.453125, 29.3125]);
    // A box already on the grid stays as it is; a shape edited within the same cells reads the same box.
    expect(ruleReadBox([121.421875, 29.296875, 121.453125, 29.3125])).toEqual([121.421875, 29.296875, 121.453125, 29.3125]);
    expect(ruleReadBox([121.425, 29.3, 121.45, 29.31])).toEqual(ruleReadBox([121.43, 29.301, 121.44, 29.305]));
  });
});
