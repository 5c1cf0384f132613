import { describe, expect, it } from 'vitest';
import { DEFAULT_MAP_PARAMS, formatHash, mapHash, parseHash, sameRoute, type AppRoute } from './hash.ts';
import { LAYER_IDS, defaultMapParams, type MapParams } from './params.ts';
import { seededRandom } from '../util/seeded-random.ts';

const DEFAULT_HASH = '#/map?c=121.45000,29.36000&z=11.00';

function withParams(change: Partial<MapParams>): MapParams {
  return { ...defaultMapParams(), ...change };
}

/** What a browser keeps after `location.hash = h` (WHATWG URL parser, same as Node's URL). */
function browserHash(h: string): string {
  return new URL(`http://127.0.0.1/${h}`).hash;
}

describe('parseHash', () => {
  it('reads the documented example', () => {
    const r = parseHash(
      '#/map?c=121.43000,29.29000&z=13.50&l=parcels,control-lines,low-efficiency,zones&p=NH-00012&m=grade&lang=zh',
    );
    expect(r).toEqual({
      route: 'map',
      params: withParams({ center: [121.43, 29.29], zoom: 13.5, parcel: 'NH-00012' }),
    });
    // defaults (layers, mode, lang) are left out; the view is always written
    expect(formatHash(r)).toBe('#/map?c=121.43000,29.29000&z=13.50&p=NH-00012');
  });

  it('opens the default map for empty and root hashes', () => {
    for (const h of ['', '#', '#/', '#/map', '#/map?', '/map', 'map', '#//map//']) {
      expect(parseHash(h), h).toEqual({ route: 'map', params: DEFAULT_MAP_PARAMS });
    }
    expect(formatHash({ route: 'map', params: defaultMapParams() })).toBe(DEFAULT_HASH);
  });

  it('reads a site route with its parcel id', () => {
    const r = parseHash('#/site/NH-00012?lang=en');
    expect(r).toEqual({ route: 'site', id: 'NH-00012', params: withParams({ lang: 'en' }) });
    expect(formatHash(r)).toBe('#/site/NH-00012?lang=en');
    expect(formatHash({ route: 'site', id: 'NH-00012', params: defaultMapParams() })).toBe('#/site/NH-00012');
  });

  it('sends a site route without a valid id to the map', () => {
    expect(parseHash('#/site').route).toBe('map');
    expect(parseHash('#/site/%3Cscript%3E').route).toBe('map');
    expect(parseHash('#/site/%E0%A4%A?z=5')).toEqual({ route: 'map', params: withParams({ zoom: 5 }) });
  });

  it('reads a print route', () => {
    const r = parseHash('#/print?c=121.50000,29.30000&z=14.00&l=parcels');
    expect(r).toEqual({ route: 'print', params: withParams({ center: [121.5, 29.3], zoom: 14, layers: ['parcels'] }) });
    expect(formatHash(r)).toBe('#/print?c=121.50000,29.30000&z=14.00&l=parcels');
    // the basemap rides on the map params, beside the print page's own
    const bm = parseHash('#/print?c=121.50000,29.30000&z=14.00&bm=tianditu-img&bmo=70&paper=a3');
    expect(bm.params).toEqual(withParams({ center: [121.5, 29.3], zoom: 14, basemap: 'tianditu-img', basemapOpacity: 70 }));
    expect(formatHash(bm)).toBe('#/print?c=121.50000,29.30000&z=14.00&bm=tianditu-img&bmo=70&paper=a3');
  });

  it('opens the map for an unknown route but keeps its params', () => {
    expect(parseHash('#/nowhere?z=5&lang=en')).toEqual({ route: 'map', params: withParams({ zoom: 5, lang: 'en' }) });
    expect(parseHash('#/%E0%A4%A')).toEqual({ route: 'map', params: DEFAULT_MAP_PARAMS });
  });
});

describe('formatHash: every param round-trips', () => {
  const cases: [Partial<MapParams>, string][] = [
    [{ center: [-12.34567, 45.6] }, '#/map?c=-12.34567,45.60000&z=11.00'],
    [{ zoom: 17.5 }, '#/map?c=121.45000,29.36000&z=17.50'],
    [{ bearing: -30.5 }, `${DEFAULT_HASH}&b=-30.5`],
    [{ layers: [] }, `${DEFAULT_HASH}&l=`],
    [{ layers: ['zones', 'cases'] }, `${DEFAULT_HASH}&l=zones,cases`],
    [{ layers: [...LAYER_IDS] }, `${DEFAULT_HASH}&l=parcels,control-lines,low-efficiency,zones,cases,projects,small-parks,standard-land`],
    [{ basemap: 'tianditu-img' }, `${DEFAULT_HASH}&bm=tianditu-img`],
    [{ basemap: 'none' }, `${DEFAULT_HASH}&bm=none`],
    [{ basemap: 'tianditu-img', basemapOpacity: 60, basemapAnnotation: false }, `${DEFAULT_HASH}&bm=tianditu-img&bmo=60&bma=0`],
    [{ parcel: 'NH-00012' }, `${DEFAULT_HASH}&p=NH-00012`],
    [{ parcel: 'a:b.c_d' }, `${DEFAULT_HASH}&p=a:b.c_d`],
    [{ mode: 'status' }, `${DEFAULT_HASH}&m=status`],
    [{ mode: 'far' }, `${DEFAULT_HASH}&m=far`],
    [{ lang: 'en' }, `${DEFAULT_HASH}&lang=en`],
    [{ panel: 'findings' }, `${DEFAULT_HASH}&tab=findings`],
    [{ panel: 'findings', rule: 'far.min' }, `${DEFAULT_HASH}&tab=findings&rule=far.min`],
    [{ rule: 'land-supply.industrial-share' }, `${DEFAULT_HASH}&rule=land-supply.industrial-share`],
    [{ panel: 'chains', chain: 'auto-mould' }, `${DEFAULT_HASH}&tab=chains&chain=auto-mould`],
    [{ panel: 'chains', chain: 'auto-mould', link: 'am-heat', demand: 'D-002' }, `${DEFAULT_HASH}&tab=chains&chain=auto-mould&link=am-heat&demand=D-002`],
    [{ demand: 'D-004' }, `${DEFAULT_HASH}&demand=D-004`],
    // UTF-8 bytes written out by hand: 宁 E5 AE 81, 海 E6 B5 B7, 模 E6 A8 A1, 具 E5 85 B7
    [{ q: '宁海 模具' }, `${DEFAULT_HASH}&q=%E5%AE%81%E6%B5%B7%20%E6%A8%A1%E5%85%B7`],
    // characters that mean something in a hash query are escaped, so they come back as text
    [{ q: 'a&b=c#d%e+f?g/h' }, `${DEFAULT_HASH}&q=a%26b%3Dc%23d%25e%2Bf%3Fg%2Fh`],
  ];
  for (const [change, expected] of cases) {
    it(`${JSON.stringify(change)} ↔ ${expected}`, () => {
      const route: AppRoute = { route: 'map', params: withParams(change) };
      expect(formatHash(route)).toBe(expected);
      expect(parseHash(expected)).toEqual(route);
      // the browser keeps the string as written, so the app can compare location.hash with formatHash
      expect(browserHash(expected)).toBe(expected);
    });
  }

  it('writes params in one fixed order whatever order they were read in', () => {
    const h = '#/map?q=x&lang=en&m=far&p=A1&l=zones&b=10&z=12&c=121.00000,29.00000';
    expect(formatHash(parseHash(h))).toBe('#/map?c=121.00000,29.00000&z=12.00&b=10.0&l=zones&p=A1&m=far&lang=en&q=x');
  });

  it('reads Chinese typed raw into the address bar as well as percent-encoded', () => {
    expect(parseHash('#/map?q=宁海').params.q).toBe('宁海');
    expect(parseHash('#/map?q=%E5%AE%81%E6%B5%B7').params.q).toBe('宁海');
  });

  it('treats values that differ below URL precision as the same route', () => {
    const a: AppRoute = { route: 'map', params: withParams({ center: [121.4300001, 29.29], zoom: 13.501 }) };
    const b: AppRoute = { route: 'map', params: withParams({ center: [121.43, 29.29], zoom: 13.5 }) };
    expect(sameRoute(a, b)).toBe(true);
    expect(sameRoute(a, { route: 'print', params: b.params })).toBe(false);
  });
});

describe('malformed and hostile hashes fall back per param', () => {
  it('c=abc → default centre, other params kept', () => {
    expect(parseHash('#/map?c=abc&z=14').params).toEqual(withParams({ zoom: 14 }));
  });
  it('z=1e999 → default zoom', () => {
    expect(parseHash('#/map?z=1e999').params).toEqual(DEFAULT_MAP_PARAMS);
  });
  it('p=<script>, raw or escaped → no selection', () => {
    expect(parseHash('#/map?p=<script>alert(1)</script>').params.parcel).toBeNull();
    expect(parseHash('#/map?p=%3Cscript%3E&z=3').params).toEqual(withParams({ zoom: 3 }));
  });
  it('broken percent escapes only spoil their own param', () => {
    expect(parseHash('#/map?q=%E0%A4%A&z=9').params).toEqual(withParams({ zoom: 9 }));
    expect(parseHash('#/map?c=%E0%A4%A,29&m=%&lang=%ZZ&p=%').params).toEqual(DEFAULT_MAP_PARAMS);
    expect(parseHash('#/map?q=%ED%A0%80').params.q).toBe(''); // encoded lone surrogate: invalid UTF-8
  });
  it('100 kB values are ignored without stalling', () => {
    const big = 'a'.repeat(100_000);
    const start = performance.now();
    expect(parseHash(`#/map?q=${big}&z=8`).params).toEqual(withParams({ zoom: 8 }));
    expect(parseHash(`#/map?p=${big}&c=${big}&l=${big}`).params).toEqual(DEFAULT_MAP_PARAMS);
    expect(parseHash(`#/${big}?${'&'.repeat(100_000)}`)).toEqual({ route: 'map', params: DEFAULT_MAP_PARAMS });
    expect(parseHash(`#/site/${big}`).route).toBe('map');
    expect(performance.now() - start).toBeLessThan(1000);
  });
  it('chain/link/demand with characters outside their patterns → "" (none), other params kept', () => {
    expect(parseHash('#/map?tab=chains&chain=<b>x</b>&link=am heat&demand=D-002&z=9').params).toEqual(withParams({ panel: 'chains', demand: 'D-002', zoom: 9 }));
    expect(parseHash('#/map?demand=%22%3E%3Cimg%3E').params.demand).toBe('');
  });
  it('duplicate keys: the first occurrence decides', () => {
    expect(parseHash('#/map?z=5&z=7').params.zoom).toBe(5);
    expect(parseHash('#/map?z=abc&z=7').params.zoom).toBe(11); // first is bad → default, not the second
  });
  it('keys are exact and unknown keys are ignored', () => {
    expect(parseHash('#/map?Z=5&zoom=6&__proto__=1&constructor=2').params).toEqual(DEFAULT_MAP_PARAMS);
  });
});

describe('1000 random strings', () => {
  // seeded, so a failure reproduces
  const rng = seededRandom;

  const pieces = ['#', '/', '?', '&', '=', ',', '%', '%E0', '%A4', '%ZZ', '%2', 'map', 'site', 'print', 'c', 'z',
    'b', 'l', 'p', 'm', 'q', 'lang', 'en', 'zh', 'grade', 'parcels', 'zones', '-', '.', '1', '9', '121.4', '29.3',
    'bm', 'bmo', 'bma', 'offline', 'none', 'tianditu-img', '100', 'base',
    '1e999', 'NaN', '宁海', '😀', '\uD800', '\uDC00', '\u0000', ' ', '+', '<script>', "'", '"', '\\', '__proto__'];

  it('never throw, always give a valid route, and reach a fixed point after one format', () => {
    const next = rng(20250101);
    for (let i = 0; i < 1000; i++) {
      let s = '';
      const n = Math.floor(next() * 40);
      for (let k = 0; k < n; k++) {
        s += next() < 0.8
          ? pieces[Math.floor(next() * pieces.length)]
          : String.fromCharCode(Math.floor(next() * 0x10000));
      }
      const r = parseHash(s);
      const p = r.params;
      expect(['map', 'site', 'print']).toContain(r.route);
      expect(p.center[0]).toBeGreaterThanOrEqual(-180);
      expect(p.center[0]).toBeLessThanOrEqual(180);
      expect(Math.abs(p.center[1])).toBeLessThanOrEqual(85);
      expect(p.zoom).toBeGreaterThanOrEqual(0);
      expect(p.zoom).toBeLessThanOrEqual(22);
      expect(p.layers.every((id) => (LAYER_IDS as readonly string[]).includes(id))).toBe(true);
      expect(p.parcel === null || /^[A-Za-z0-9_.:-]{1,64}$/.test(p.parcel)).toBe(true);
      const h = formatHash(r);
      expect(/^#\/[\x21-\x7e]*$/.test(h), h).toBe(true); // printable ASCII only
      expect(parseHash(h), s).toEqual(r);
      expect(browserHash(h)).toBe(h);
    }
  });
});
