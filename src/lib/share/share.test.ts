import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import type { AreaGeometry, Feature } from '../data/schema.ts';
import { haversineKm } from '../geo/distance.ts';
import { parseHash } from '../url/hash.ts';
import { appBase, internalLink, prospectLink } from './link.ts';
import { buildPartners, parsePartners, partnersWithin, type Partner } from './partners.ts';
import { qrDataUrl, qrMatrix, qrPath } from './qr.ts';

/** Rasterises the matrix to RGBA (scale px per module, 4-module quiet zone) and decodes it with jsQR. */
function decode(text: string): string | null {
  const m = qrMatrix(text);
  const scale = 4;
  const n = (m.size + 8) * scale;
  const px = new Uint8ClampedArray(n * n * 4).fill(255);
  for (let r = 0; r < m.size; r++)
    for (let c = 0; c < m.size; c++) {
      if (!m.dark(r, c)) continue;
      for (let y = 0; y < scale; y++)
        for (let x = 0; x < scale; x++) {
          const i = (((r + 4) * scale + y) * n + (c + 4) * scale + x) * 4;
          px[i] = px[i + 1] = px[i + 2] = 0;
        }
    }
  return jsQR(px, n, n)?.data ?? null;
}

describe('share links', () => {
  const base = appBase('https://gis.example.cn/tenglong/index.html?x=1#/map?z=3');
  it('keep origin and path only', () => expect(base).toBe('https://gis.example.cn/tenglong/index.html'));
  it('prospect link: id and lang, nothing else', () => {
    expect(prospectLink(base, 'NH-00042', 'en')).toBe('https://gis.example.cn/tenglong/index.html#/site/NH-00042?lang=en');
    expect(prospectLink(base, 'NH-00042', 'zh')).toBe('https://gis.example.cn/tenglong/index.html#/site/NH-00042');
    const r = parseHash(new URL(prospectLink(base, 'NH-00042', 'en')).hash);
    expect(r.route === 'site' && r.id).toBe('NH-00042');
    expect(r.params.lang).toBe('en');
  });
  it('internal link opens the map on the parcel', () => {
    const link = internalLink(base, 'NH-00042', [121.4312345, 29.2998765], 'zh');
    expect(link).toBe('https://gis.example.cn/tenglong/index.html#/map?c=121.43123,29.29988&z=17.00&p=NH-00042');
  });
  it('refuses an id the router would not accept', () => {
    expect(() => prospectLink(base, '<img src=x>', 'zh')).toThrow(/not a valid parcel id/);
    expect(() => prospectLink(base, 'NH\u0000-1', 'zh')).toThrow(/not a valid parcel id/);
    expect(() => prospectLink(base, ' NH-1', 'zh')).toThrow(/not a valid parcel id/);
    expect(() => prospectLink(base, 'x'.repeat(65), 'zh')).toThrow(/not a valid parcel id/);
  });
  it('any register id makes a link that opens the same parcel (Chinese, spaces, URL syntax, markup as text)', () => {
    for (const id of ['西店 A/3#1', 'a?b&c=%20d', '宁海县经济开发区-12（东）', 'NH-00042']) {
      const link = prospectLink(base, id, 'en');
      expect(link).toMatch(/^https:\/\/gis\.example\.cn\/tenglong\/index\.html#\/site\/[A-Za-z0-9%_.~:,!*'()-]+\?lang=en$/);
      const r = parseHash(new URL(link).hash);
      expect(r.route === 'site' && r.id).toBe(id);
      const m = parseHash(new URL(internalLink(base, id, [121.43, 29.3], 'zh')).hash);
      expect(m.route === 'map' && m.params.parcel).toBe(id);
    }
  });
});

describe('QR', () => {
  it('decodes back to exactly the link', () => {
    const link = 'http://127.0.0.1:4173/#/site/NH-00042?lang=en';
    expect(decode(link)).toBe(link);
    expect(qrMatrix(link).size).toBe(33); // 46 bytes at level M need version 4 (capacity 62), 17 + 4·4 modules
  });
  it('path covers exactly the dark modules', () => {
    const m = qrMatrix('abc');
    let dark = 0;
    for (let r = 0; r < m.size; r++) for (let c = 0; c < m.size; c++) if (m.dark(r, c)) dark++;
    const area = [...qrPath(m).matchAll(/h(\d+)/g)].reduce((s, x) => s + Number(x[1]), 0);
    expect(area).toBe(dark);
  });
  it('print data URL: an SVG of the same modules, whole pixels per module', () => {
    const link = 'http://127.0.0.1:4173/#/map?c=121.43,29.29&z=15';
    const url = qrDataUrl(link, 4, 4);
    const prefix = 'data:image/svg+xml;charset=utf-8,';
    expect(url.startsWith(prefix)).toBe(true);
    const svg = decodeURIComponent(url.slice(prefix.length));
    const m = qrMatrix(link);
    const px = (m.size + 8) * 4;
    expect(svg).toContain(`width="${px}" height="${px}" viewBox="0 0 ${m.size + 8} ${m.size + 8}"`);
    expect(svg).toContain(`d="${qrPath(m, 4)}"`);
  });
});

const square = (lon: number, lat: number, d: number): AreaGeometry => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
});
const parcel = (ent: string | null, lon: number, mu: number): Feature<AreaGeometry, { enterprise_id: string | null; area_mu_planar: number }> => ({
  type: 'Feature',
  geometry: square(lon, 29.3, 0.001),
  properties: { enterprise_id: ent, area_mu_planar: mu },
});

describe('partners', () => {
  it('one entry per chain firm with a parcel, at its largest parcel, no other field', () => {
    const out = buildPartners(
      [parcel('E2', 121.4, 3), parcel('E2', 121.5, 9), parcel('E1', 121.6, 1), parcel('E3', 121.7, 5), parcel(null, 121.8, 5)],
      [
        { id: 'E2', name: 'Two', chain: 'pv', link: 'cell' },
        { id: 'E1', name: 'One', chain: 'auto', link: 'cast' },
        { id: 'E3', name: 'Three', chain: null, link: null },
        { id: 'E4', name: 'Four', chain: 'pv', link: 'cell' },
      ],
      { chains: [{ id: 'pv', name: { zh: '光伏', en: 'PV' }, links: [{ id: 'cell', name: { zh: '电池片', en: 'Cells' }, order: 1 }] }] },
    );
    expect(out).toEqual([
      { name: 'One', chain: 'auto', link: 'cast', lon: 121.6005, lat: 29.3005 },
      { name: 'Two', chain: 'pv', link: 'cell', lon: 121.5005, lat: 29.3005, chain_name: { zh: '光伏', en: 'PV' }, link_name: { zh: '电池片', en: 'Cells' } },
    ]);
  });
  it('distance: 0.01° of latitude is 1.112 km', () => {
    // 6371.0088 km × 0.01 × π/180 = 1.11195 km
    expect(haversineKm([121.4, 29.3], [121.4, 29.31])).toBeCloseTo(1.11195, 4);
  });
  it('keeps those within reach, nearest first, capped per chain, preferred chain first', () => {
    const ps: Partner[] = [
      { name: 'far', chain: 'a', link: 'x', lon: 121.4, lat: 29.5 }, // 22 km
      { name: 'a2', chain: 'a', link: 'x', lon: 121.4, lat: 29.32 },
      { name: 'a1', chain: 'a', link: 'x', lon: 121.4, lat: 29.31 },
      { name: 'a3', chain: 'a', link: 'x', lon: 121.4, lat: 29.33 },
      { name: 'b1', chain: 'b', link: 'y', lon: 121.4, lat: 29.35 },
    ];
    const g = partnersWithin([121.4, 29.3], ps, 10, 2, ['b']);
    expect(g.map((x) => [x.chain, x.partners.map((p) => p.name)])).toEqual([
      ['b', ['b1']],
      ['a', ['a1', 'a2']],
    ]);
    expect(g[1]!.partners[1]!.km).toBeCloseTo(2.2239, 3);
  });
  it('parses defensively', () => {
    expect(parsePartners([{ name: 'n', chain: 'c', link: 'l', lon: 1, lat: 2, tax_10k: 5 }, { name: 1 }, null])).toEqual([
      { name: 'n', chain: 'c', link: 'l', lon: 1, lat: 2 },
    ]);
    expect(parsePartners({})).toEqual([]);
  });
});

describe('site config', async () => {
  const { parseSiteConfig } = await import('./site-config.ts');
  const json = (await import('../../../data/config/site.json')).default;
  it('reads the shipped file, labelled sample', () => {
    const c = parseSiteConfig(json, 'site.json');
    expect(c.contact.sample).toBe(true);
    expect(c.contact.name.zh).toContain('示例');
    expect(c.partners_radius_km).toBe(10);
  });
  it('names the bad field', () => {
    expect(() => parseSiteConfig({ ...json, contact: { ...json.contact, phone: 5 } }, 'site.json')).toThrow('site.json: contact.phone: expected a non-empty string');
  });
});
