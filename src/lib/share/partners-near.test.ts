// The site page reads the partners around its parcel from partners.fgb by ranges (issue 16). What it shows must be
// what the whole list gives: partnersWithin over the box read equals partnersWithin over every partner, for sites all
// over a generated territory — and the box read must leave most partners out, or it proves nothing.
import { describe, expect, it } from 'vitest';
import { memoryByteSource } from '../data/byte-source.ts';
import { readAllFgb, readFgbHeader } from '../data/fgb-read.ts';
import { haversineKm, MEAN_EARTH_RADIUS_KM } from '../geo/distance.ts';
import { seededRandom } from '../util/seeded-random.ts';
import { partnerBox, partnersFromFeatures, partnersWithin, readPartnersNear, writePartnersFgb, type Partner } from './partners.ts';

/** The point `km` from `from` on initial bearing `deg` (the sphere's direct problem, written out independently). */
function destination(from: readonly [number, number], km: number, deg: number): [number, number] {
  const r = Math.PI / 180;
  const d = km / MEAN_EARTH_RADIUS_KM;
  const [l0, p0] = [from[0] * r, from[1] * r];
  const b = deg * r;
  const p = Math.asin(Math.sin(p0) * Math.cos(d) + Math.cos(p0) * Math.sin(d) * Math.cos(b));
  const l = l0 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p0), Math.cos(d) - Math.sin(p0) * Math.sin(p));
  return [l / r, p / r];
}

describe('partnerBox', () => {
  it('is ± the angular radius in latitude and asin(sin δ / cos φ) in longitude (hand-computed at Ninghai)', () => {
    // δ = 10 / 6371.0088 = 0.00156961 rad = 0.0899320°; at φ = 29.3°, cos φ = 0.8720693: dLon = asin(0.00179987) = 0.1031249°.
    const [w, s, e, n] = partnerBox([121.4, 29.3], 10);
    expect(n - 29.3).toBeCloseTo(0.089932, 6);
    expect(29.3 - s).toBeCloseTo(0.089932, 6);
    expect(e - 121.4).toBeCloseTo(0.1031249, 6);
    expect(121.4 - w).toBeCloseTo(0.1031249, 6);
  });

  it('holds every point of the circle, and the circle touches each side', () => {
    for (const site of [[121.4, 29.3], [87.6, 43.8], [-70.6, -33.4], [12.5, 78.2]] as [number, number][]) {
      for (const km of [0.5, 10, 200]) {
        const [w, s, e, n] = partnerBox(site, km);
        let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
        for (let deg = 0; deg < 360; deg += 0.25) {
          const [x, y] = destination(site, km, deg);
          expect(x >= w && x <= e && y >= s && y <= n, `${site} ${km} km bearing ${deg}: ${x},${y} outside ${[w, s, e, n]}`).toBe(true);
          [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
        }
        // Tight: the circle reaches within 0.1 % of the box's half-widths on every side.
        const tol = (v: number) => v * 1e-3;
        expect(minX - w).toBeLessThan(tol(e - w));
        expect(e - maxX).toBeLessThan(tol(e - w));
        expect(minY - s).toBeLessThan(tol(n - s));
        expect(n - maxY).toBeLessThan(tol(n - s));
      }
    }
  });

  it('takes every longitude when the circle reaches a pole', () => {
    const [w, , e, n] = partnerBox([10, 89.95], 10);
    expect([w, e, n]).toEqual([-180, 180, 90]);
  });
});

describe('readPartnersNear', () => {
  // 3 000 firms over a territory of about 200 × 160 km around Ninghai, in 4 chains.
  const random = seededRandom(16);
  const partners: Partner[] = Array.from({ length: 3000 }, (_, i) => ({
    name: `示例企业${i}`,
    chain: ['pv', 'auto', 'mould', 'stationery'][i % 4]!,
    link: `link-${i % 7}`,
    lon: Math.round((120.4 + random() * 2.0) * 1e6) / 1e6,
    lat: Math.round((28.6 + random() * 1.5) * 1e6) / 1e6,
    ...(i % 3 === 0 ? { chain_name: { zh: '链', en: 'Chain' }, link_name: { zh: '环节', en: 'Link' } } : {}),
  }));
  // What the page gets: every partner named by its chain and link (some firms carried the names, so all chains have them).
  const named = partners.map((p) => ({ ...p, chain_name: { zh: '链', en: 'Chain' }, link_name: { zh: '环节', en: 'Link' } }));
  const file = writePartnersFgb(partners);

  it('writes every partner once, its chain and link names in the header, and reads them back whole', async () => {
    const header = await readFgbHeader(memoryByteSource(file));
    expect(header.columns.map((c) => c.name)).toEqual(['name', 'chain', 'link']);
    const chain = { zh: '链', en: 'Chain' };
    expect(JSON.parse(header.metadata!)).toEqual({
      chains: { pv: chain, auto: chain, mould: chain, stationery: chain },
      links: Object.fromEntries(Array.from({ length: 7 }, (_, k) => [`link-${k}`, { zh: '环节', en: 'Link' }])),
    });
    const back = partnersFromFeatures(readAllFgb(file), header.metadata);
    const key = (p: Partner) => p.name;
    // Names are per chain and link, so every partner of a named chain reads back named (the file holds no per-firm copy).
    const named = (p: Partner): Partner => ({ ...p, chain_name: { zh: '链', en: 'Chain' }, link_name: { zh: '环节', en: 'Link' } });
    expect([...back].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(partners.map(named).sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('gives every site the partners the whole list gives, from a small part of the file', async () => {
    let readBytes = 0;
    let leftOut = 0;
    const sites = Array.from({ length: 60 }, (_, i) => [120.4 + (i % 10) * 0.2, 28.6 + Math.floor(i / 10) * 0.28] as [number, number]);
    for (const site of sites) {
      const source = memoryByteSource(file, 'partners.fgb');
      const near = await readPartnersNear(source, site, 10);
      readBytes += source.bytesRead;
      expect(partnersWithin(site, near, 10, 1000)).toEqual(partnersWithin(site, named, 10, 1000));
      // Everything within 10 km is in the read (the box holds the circle), with its fields as written.
      const within = named.filter((p) => haversineKm(site, [p.lon, p.lat]) <= 10);
      for (const p of within) expect(near).toContainEqual(p);
      leftOut += partners.length - near.length;
    }
    expect(leftOut / (sites.length * partners.length)).toBeGreaterThan(0.95);
    expect(readBytes / sites.length).toBeLessThan(file.length / 5);
  });

  it('reads nothing for a site far from every partner', async () => {
    expect(await readPartnersNear(memoryByteSource(file), [100, 40], 10)).toEqual([]);
  });
});
