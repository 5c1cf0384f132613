import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import raw from '../../../data/policy/ninghai-2021-2025.json' with { type: 'json' };
import { readAllFgb, streamFgb } from '../data/fgb-read.ts';
import { writeIndexedFgb } from '../data/fgb-write.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { interiorPoint } from '../geo/index.ts';
import { buildRuleLayers } from '../rules/check.ts';
import { ninghaiPolicy } from '../rules/test-policy.ts';
import { parseChainConfig } from './config.ts';
import { demandInput, parseChainsFile, parseDemandsFile, parseEnterprisesFile, siteParcelOf } from './inputs.ts';
import { rankSites } from './rank.ts';
import { buildSiteIndex } from './site-index.ts';
import { collectSites, SiteRanker } from './site-stream.ts';
import type { PartnerFirmInput } from './site-types.ts';

const policy = ninghaiPolicy();
const cfg = parseChainConfig(raw).ranking; // candidates: idle, supplied_not_used, … and grade D

type P = Feature<AreaGeometry, Record<string, unknown>>;

/** The bytes cut into pieces of the given sizes, cycling (so features and the index straddle chunk edges). */
async function* pieces(b: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < b.length; i++) {
    const n = sizes[i % sizes.length]!;
    yield b.slice(at, at + n);
    at += n;
  }
}

const square = (lon: number, lat: number, h = 0.001): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[lon - h, lat - h], [lon + h, lat - h], [lon + h, lat + h], [lon - h, lat + h], [lon - h, lat - h]]],
});
const parcel = (id: string, lon: number, props: Record<string, unknown>): P => ({
  type: 'Feature',
  id,
  geometry: square(lon, 29.3),
  properties: { id, status: 'in_use', area_mu_planar: 40, control_line: 1, park: 'P1', ...props },
});

describe('SiteCollector', () => {
  const firms: PartnerFirmInput[] = [
    { id: 'U1', name: '上游', chain: 'c', link: 'up' },
    { id: 'C1', name: '链上无环节', chain: 'c', link: null },
    { id: 'X', name: '链外', chain: null, link: null },
  ];
  const county: P[] = [
    parcel('idle', 121.40, { status: 'idle' }),
    parcel('used', 121.41, {}),
    parcel('gradeD', 121.42, { enterprise_id: 'X', grade: 'D' }),
    parcel('gradeA', 121.43, { enterprise_id: 'X', grade: 'A' }),
    parcel('partner', 121.44, { enterprise_id: 'U1', grade: 'B' }),
    parcel('partnerIdle', 121.45, { enterprise_id: 'U1', status: 'idle' }),
    parcel('chainOnly', 121.46, { enterprise_id: 'C1' }),
  ];

  it('keeps candidates with geometry, partners without, and every chain firm parcel for the overlay', async () => {
    const got = await collectSites(county, firms, cfg);
    expect(got.seen).toBe(7);
    expect(got.parcels.map((p) => [p.id, p.geometry !== null])).toEqual([
      ['idle', true],
      ['gradeD', true],
      ['partner', false],
      ['partnerIdle', true],
    ]);
    expect(got.chainParcels.map((p) => [p.id, p.enterprise_id])).toEqual([
      ['partner', 'U1'],
      ['partnerIdle', 'U1'],
      ['chainOnly', 'C1'],
    ]);
    // The overlay's circle sits where it did: the parcel's interior point (a square's centre).
    expect(got.chainParcels[0]!.point[0]).toBeCloseTo(121.44, 9);
    expect(got.chainParcels[0]!.point[1]).toBeCloseTo(29.3, 9);
    // Its box is the square's (121.44 ± 0.001, 29.3 ± 0.001); the outlines are kept apart, for the chosen link only.
    expect(got.chainParcels[0]!.bbox).toEqual([121.44 - 0.001, 29.3 - 0.001, 121.44 + 0.001, 29.3 + 0.001]);
    expect(got.chainParcels[0]).not.toHaveProperty('geometry');
    expect([...got.chainOutlines.ids()]).toEqual(['partner', 'partnerIdle', 'chainOnly']);
    expect(got.chainOutlines.get('chainOnly')).toEqual(square(121.46, 29.3));
  });

  it('gives the same from a streamed FlatGeobuf file as from the array', async () => {
    const bytes = writeIndexedFgb(county, { name: 'parcels' });
    const streamed = await collectSites(streamFgb(pieces(bytes, [5, 333])) as AsyncIterable<P>, firms, cfg);
    const whole = await collectSites(readAllFgb(bytes) as P[], firms, cfg);
    expect(streamed).toEqual(whole);
    // file order is the writer's (Hilbert) order, so compare as sets against the array read above
    expect(streamed.parcels.map((p) => p.id).sort()).toEqual(['gradeD', 'idle', 'partner', 'partnerIdle']);
  });
});

// The sample county (4 000 parcels, every shipped demand): the ranking from the streamed, filtered parcels must be
// the in-page ranking over the whole array, field for field.
describe('streamed site ranking = whole-county ranking (sample county)', () => {
  const dir = 'public/data/';
  it('for every shipped demand, at top 5 and 10', async () => {
    if (!existsSync(`${dir}internal/parcels.fgb`)) throw new Error('run `npx tenglong ensure-data` first');
    const json = (f: string): unknown => JSON.parse(readFileSync(dir + f, 'utf8'));
    const read = <Q>(f: string) => readAllFgb(new Uint8Array(readFileSync(dir + f))) as unknown as Feature<AreaGeometry, Q>[];
    const bytes = new Uint8Array(readFileSync(`${dir}internal/parcels.fgb`));
    const firms = parseEnterprisesFile(json('internal/enterprises.json'));
    const chains = parseChainsFile(json('internal/chains.json'));
    const demands = parseDemandsFile(json('internal/demands.json'));
    const zones = read<ZoneProps>('public/zones.fgb');
    const lines = read<ControlLineProps>('public/control-lines.fgb');

    // In the page, as ChainStore did before issue 16: every parcel, all at once.
    const all = readAllFgb(bytes) as P[];
    const index = buildSiteIndex(all.map(siteParcelOf), firms, chains, cfg);
    const layers = buildRuleLayers(zones, lines);

    // In the worker: the file in 64 KB pieces (and odd ones), one feature at a time; rule layers built there.
    const got = await collectSites(streamFgb(pieces(bytes, [65536, 7, 4093])) as AsyncIterable<P>, firms, cfg);
    expect(got.seen).toBe(all.length);
    // Kept: the index's candidates and the parcels of firms in a chain link, nothing else (the sample county is
    // rich in candidates: about 60 % of it).
    const linked = new Set(firms.filter((f) => f.chain && f.link).map((f) => f.id));
    const partnersOnly = all.filter((p) => linked.has(String(p.properties['enterprise_id'])) && !index.candidates.some((c) => c.id === p.properties['id']));
    expect(got.parcels.length).toBe(index.candidates.length + partnersOnly.length);
    expect(got.parcels.length).toBeLessThan(all.length);
    const ranker = new SiteRanker(got, firms, chains, buildRuleLayers(zones, lines), cfg);
    expect(ranker.index.candidates.map((c) => c.id)).toEqual(index.candidates.map((c) => c.id));

    expect(demands.length).toBeGreaterThan(3);
    let ranked = 0;
    for (const d of demands) {
      for (const top of [5, 10]) {
        const input = demandInput(d, firms);
        const want = rankSites(index, input, { top, policy, layers, cfg });
        const { ranking, outlines } = ranker.rank(input, top, policy);
        expect(ranking, `${d.id} top ${top}`).toEqual(want);
        // Through the worker boundary too (what the page receives).
        expect(structuredClone(ranking)).toEqual(want);
        // Every member of a listed site comes with its outline, the county's geometry.
        const byId = new Map(all.map((p) => [String(p.properties['id']), p.geometry]));
        const members = [...new Set([...want.candidates, ...want.blocked].flatMap((c) => c.members))].sort();
        expect(outlines.map(([id]) => id).sort()).toEqual(members);
        for (const [id, g] of outlines) expect(g).toEqual(byId.get(id));
        ranked += want.candidates.length;
      }
    }
    expect(ranked).toBeGreaterThan(0);

    // The overlay's chain firm parcels, as ChainOverlay read them from the county before: the circle at the interior
    // point, and a box (the print page's chain fit) written out here from the outline's own vertices.
    const wanted = new Set(firms.filter((f) => f.chain).map((f) => f.id));
    const inChain = all.filter((p) => typeof p.properties['enterprise_id'] === 'string' && wanted.has(p.properties['enterprise_id']));
    const boxOf = (g: AreaGeometry) => {
      const xy = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
      const xs = xy.map((c) => c[0]!);
      const ys = xy.map((c) => c[1]!);
      return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    };
    const overlay = inChain.map((p) => ({ id: String(p.properties['id']), enterprise_id: p.properties['enterprise_id'], point: interiorPoint(p.geometry), bbox: boxOf(p.geometry), area_mu_planar: p.properties['area_mu_planar'], status: p.properties['status'] }));
    expect(got.chainParcels).toEqual(overlay);
    expect(overlay.length).toBeGreaterThan(10);
    // Their outlines stay in the worker and come on request, as in the county; ids it does not keep are left out.
    const ids = inChain.map((p) => String(p.properties['id']));
    const asked = ranker.outlines([...ids, 'NH-not-there', ids[0]!]);
    expect(asked.map(([id]) => id)).toEqual(ids);
    for (const [id, g] of asked) expect(g).toEqual(inChain.find((p) => p.properties['id'] === id)!.geometry);
    // Through the worker boundary, the answer for one link is its parcels' outlines only (not the county's).
    expect(structuredClone(ranker.outlines(ids.slice(0, 3)))).toHaveLength(3);

    // The build's sites file (what the worker streams when the manifest lists it): the same collection — parcels,
    // their fields as the ranking reads them, the overlay's parcels, in the same order — from a third of the bytes.
    const sitesBytes = new Uint8Array(readFileSync(`${dir}internal/sites.fgb`));
    const fromSites = await collectSites(streamFgb(pieces(sitesBytes, [65536, 11])) as AsyncIterable<P>, firms, cfg);
    expect(fromSites.seen).toBeLessThan(got.seen);
    expect({ ...fromSites, seen: 0 }).toEqual({ ...got, seen: 0 });
    expect(sitesBytes.length).toBeLessThan(bytes.length / 2);
    const sitesRanker = new SiteRanker(fromSites, firms, chains, buildRuleLayers(zones, lines), cfg);
    for (const d of demands) expect(sitesRanker.rank(demandInput(d, firms), 10, policy), d.id).toEqual(ranker.rank(demandInput(d, firms), 10, policy));
  }, 120_000);
});
