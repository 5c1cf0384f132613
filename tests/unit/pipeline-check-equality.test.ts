// The map and the CLI judge a parcel the same way. For every parcel of the sample county, the published internal
// parcels.fgb — its stored FAR and failing rules, and the findings the parcel card computes from it — equal what
// `tenglong check --json` (the real binary) gives for the same source feature with its firm's figures written as
// check's input properties. A field the pipeline dropped (tall_floor_area_m2 was one) makes them differ.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import type { AreaGeometry, Feature, ParcelSource } from '../../src/lib/data/schema.ts';
import { buildRuleLayers, PARCEL_RULE_IDS } from '../../src/lib/rules/check.ts';
import type { Finding } from '../../src/lib/rules/finding.ts';
import { existingParcelCheck, type ExistingParcel } from '../../src/lib/rules/parcel-findings.ts';
import { parsePolicy } from '../../src/lib/rules/policy.ts';
import { runCli } from './helpers/run-cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = join(ROOT, 'public', 'data');
const policy = parsePolicy(JSON.parse(readFileSync(join(ROOT, 'data/policy/ninghai-2021-2025.json'), 'utf8')));

interface Firm {
  id: string;
  above_scale: boolean;
  evaluation_exempt: string | null;
  tax_10k: number;
  value_added_10k: number;
  co2_t: number;
  land_mu: number;
  grade: string | null;
}
interface CheckLine {
  id: string;
  far: number | null;
  findings: Finding[];
}

let internal: Map<string, Feature<AreaGeometry, Record<string, unknown>>>;
let checked: Map<string, CheckLine>;

beforeAll(() => {
  const source = JSON.parse(readFileSync(join(ROOT, 'data/sample/parcels.geojson'), 'utf8')) as { features: Feature<AreaGeometry, ParcelSource>[] };
  const firms = new Map(
    (JSON.parse(readFileSync(join(DATA, 'internal/enterprises.json'), 'utf8')) as { enterprises: Firm[] }).enterprises.map((e) => [e.id, e]),
  );
  // The same feature as check's input: the parcel's fields plus its firm's figures, grade and total land.
  const input = source.features.map((f) => {
    const p = f.properties;
    const e = p.enterprise_id ? firms.get(p.enterprise_id) : undefined;
    const firm = e
      ? {
          above_scale: e.above_scale,
          ...(e.evaluation_exempt ? { exempt: e.evaluation_exempt } : {}),
          enterprise_land_mu: e.land_mu,
          tax_10k: e.tax_10k,
          value_added_10k: e.value_added_10k,
          co2_t: e.co2_t,
          ...(e.grade ? { grade: e.grade } : {}),
        }
      : { vacant: true };
    return {
      type: 'Feature',
      geometry: f.geometry,
      properties: {
        id: p.id,
        status: p.status,
        industry: p.industry,
        floor_area_m2: p.floor_area_m2,
        tall_floor_area_m2: p.tall_floor_area_m2,
        height_m: p.height_m,
        coverage: p.coverage,
        green_ratio: p.green_ratio,
        admin_ratio: p.admin_ratio,
        standard_land: p.standard_land,
        dilapidated: p.dilapidated,
        banned_industry: p.banned_industry,
        ...firm,
      },
    };
  });
  const dir = mkdtempSync(join(tmpdir(), 'tenglong-equal-'));
  writeFileSync(join(dir, 'parcels.geojson'), JSON.stringify({ type: 'FeatureCollection', features: input }));
  const r = runCli(['check', join(dir, 'parcels.geojson'), '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  checked = new Map(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as CheckLine)
      .map((c) => [c.id, c]),
  );
  internal = new Map(readAllFgb(new Uint8Array(readFileSync(join(DATA, 'internal/parcels.fgb')))).map((f) => [String(f.properties['id']), f as Feature<AreaGeometry, Record<string, unknown>>]));
}, 300_000);

/** A finding as compared: rule, status and values; the 亩均 score is the pipeline's alone (check takes no score). */
function comparable(f: Finding): unknown {
  const values = { ...f.values };
  if (f.rule === 'mujun.grade') delete values['score'];
  return { rule: f.rule, status: f.status, values };
}

describe('pipeline = check, parcel by parcel', () => {
  it('covers every sample parcel, including some with storeys over 8 m, dilapidated works and banned industries', () => {
    expect(checked.size).toBe(internal.size);
    expect(internal.size).toBeGreaterThan(3000);
    const props = [...internal.values()].map((f) => f.properties);
    expect(props.filter((p) => typeof p['tall_floor_area_m2'] === 'number').length).toBeGreaterThan(50);
    expect(props.filter((p) => p['dilapidated'] === true).length).toBeGreaterThan(10);
    expect(props.filter((p) => p['banned_industry'] === true).length).toBeGreaterThan(3);
  });

  it('FAR, failing rules and low-efficiency stored by the pipeline equal check', () => {
    let tall = 0;
    for (const [id, f] of internal) {
      const c = checked.get(id)!;
      expect(c, id).toBeDefined();
      const p = f.properties;
      if (c.far === null) expect(p['far'] ?? null, id).toBeNull();
      else expect(p['far'] as number, id).toBeCloseTo(c.far, 12);
      const failing = c.findings.filter((x) => x.status === 'fail').map((x) => x.rule).join(',');
      expect(p['failing'] ?? '', id).toBe(failing);
      const low = c.findings.some((x) => x.rule === 'low-efficiency' && x.status === 'fail');
      expect(p['low_efficiency'], id).toBe(low);
      if (typeof p['tall_floor_area_m2'] === 'number') tall++;
    }
    expect(tall).toBeGreaterThan(50);
  });

  it("every finding of the parcel card (computed from the published file) equals check's", () => {
    const layers = buildRuleLayers(
      readAllFgb(new Uint8Array(readFileSync(join(DATA, 'public/zones.fgb')))) as never,
      readAllFgb(new Uint8Array(readFileSync(join(DATA, 'public/control-lines.fgb')))) as never,
    );
    for (const [id, f] of internal) {
      const card = existingParcelCheck(f.properties as unknown as ExistingParcel, f.geometry, layers, policy);
      const c = checked.get(id)!;
      expect(card.findings.map((x) => x.rule), id).toEqual([...PARCEL_RULE_IDS]);
      expect(card.findings.map(comparable), id).toEqual(c.findings.map(comparable));
    }
  });
});
