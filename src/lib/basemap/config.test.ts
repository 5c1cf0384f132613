import { describe, expect, it } from 'vitest';
import { basemapChoice, datumRefusal, loadBasemaps, resolveBasemapConfig, tileUrls, withHost } from './config.ts';
import type { BasemapDef } from './types.ts';

const FILE = 'data/config/basemaps.json';
const ENV = { TIANDITU_KEY: 'abc123', TIANDITU_REVIEW_NUMBER: 'GS(2099)0000号' };
const COMMITTED = {
  $comment: 'x',
  county_review_number: null,
  basemaps: [
    { preset: 'tianditu-vec', key: '${TIANDITU_KEY}', review_number: '${TIANDITU_REVIEW_NUMBER}' },
    { preset: 'tianditu-img', key: '${TIANDITU_KEY}', review_number: '${TIANDITU_REVIEW_NUMBER}' },
  ],
};

/** A county's own XYZ service, every field given. */
const COUNTY = {
  id: 'county-img',
  name: { zh: '县政务影像', en: 'County imagery' },
  kind: 'imagery',
  url: 'https://gis.example.cn/tiles/img/{z}/{x}/{y}.png',
  datum: 'cgcs2000',
  attribution: { zh: '宁海县自然资源局', en: 'Ninghai Natural Resources Bureau' },
  review_number: '浙S(2024)001号',
  maxzoom: 19,
};

function resolveError(raw: unknown, env: Record<string, string | undefined> = ENV): string {
  try {
    resolveBasemapConfig(raw, env, FILE);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  throw new Error('expected resolveBasemapConfig to throw');
}

describe('resolveBasemapConfig (build time)', () => {
  it('fills the 天地图 presets with the key and 审图号 from the environment', () => {
    const { config, skipped } = resolveBasemapConfig(COMMITTED, ENV, FILE);
    expect(skipped).toEqual([]);
    expect(config.county_review_number).toBeNull();
    expect(config.basemaps.map((b) => b.id)).toEqual(['tianditu-vec', 'tianditu-img']);
    const img = config.basemaps[1]!;
    expect(img).toEqual({
      id: 'tianditu-img',
      name: { zh: '天地图影像', en: 'Tianditu imagery' },
      kind: 'imagery',
      url: 'https://t{s}.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}',
      annotation_url:
        'https://t{s}.tianditu.gov.cn/cia_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cia&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}',
      host: null,
      scheme: null,
      subdomains: ['0', '1', '2', '3', '4', '5', '6', '7'],
      key: 'abc123',
      datum: 'cgcs2000',
      attribution: { zh: '天地图', en: 'Tianditu (National Platform for Common GeoSpatial Information Services)' },
      review_number: 'GS(2099)0000号',
      minzoom: 1,
      maxzoom: 18,
      tile_size: 256,
      public: true,
    });
    expect(config.basemaps[0]!.kind).toBe('vector');
    expect(config.basemaps[0]!.annotation_url).toContain('/cva_w/wmts?');
  });

  it('leaves out an entry whose placeholder is unset (or empty), one line each, never an error', () => {
    const none = resolveBasemapConfig(COMMITTED, {}, FILE);
    expect(none.config.basemaps).toEqual([]);
    expect(none.skipped).toEqual([
      'basemap tianditu-vec: not configured (TIANDITU_KEY, TIANDITU_REVIEW_NUMBER are not set)',
      'basemap tianditu-img: not configured (TIANDITU_KEY, TIANDITU_REVIEW_NUMBER are not set)',
    ]);
    const noKey = resolveBasemapConfig(COMMITTED, { TIANDITU_KEY: '  ', TIANDITU_REVIEW_NUMBER: 'GS(2099)0000号' }, FILE);
    expect(noKey.skipped[1]).toBe('basemap tianditu-img: not configured (TIANDITU_KEY is not set)');
  });

  it('fills the county 审图号 from the environment, or leaves it unconfigured', () => {
    const raw = { county_review_number: '${COUNTY_NO}', basemaps: [] };
    expect(resolveBasemapConfig(raw, { COUNTY_NO: '浙S(2024)12号' }, FILE).config.county_review_number).toBe('浙S(2024)12号');
    const unset = resolveBasemapConfig(raw, {}, FILE);
    expect(unset.config.county_review_number).toBeNull();
    expect(unset.skipped).toEqual(['county_review_number: not configured (COUNTY_NO is not set)']);
  });

  it('keeps a county service with defaults filled in, and host / scheme overrides as given', () => {
    const { config } = resolveBasemapConfig({ basemaps: [{ ...COUNTY, host: '127.0.0.1:9876', scheme: 'http' }] }, {}, FILE);
    const b = config.basemaps[0]!;
    expect([b.minzoom, b.tile_size, b.public, b.annotation_url, b.key, b.subdomains]).toEqual([0, 256, false, null, null, []]);
    expect([b.host, b.scheme]).toEqual(['127.0.0.1:9876', 'http']);
  });

  it('does not judge the datum: GCJ-02 passes the build, the app refuses it', () => {
    const { config } = resolveBasemapConfig({ basemaps: [{ ...COUNTY, datum: 'gcj02' }] }, {}, FILE);
    expect(config.basemaps[0]!.datum).toBe('gcj02');
  });

  it('fails on a malformed entry, naming the file, the entry (index and id) and the field', () => {
    expect(resolveError({ basemaps: [COUNTY, { ...COUNTY, id: 'b2', kind: 'photo' }] })).toBe(
      'data/config/basemaps.json: basemaps[1] (b2): field "kind" must be one of "imagery", "vector", got "photo"',
    );
    expect(resolveError({ basemaps: [{ ...COUNTY, datum: 'wgs' }] })).toBe(
      'data/config/basemaps.json: basemaps[0] (county-img): field "datum" must be one of "cgcs2000", "wgs84", "gcj02", "bd09", got "wgs"',
    );
    expect(resolveError({ basemaps: [{ ...COUNTY, review_number: undefined }] })).toMatch(/^data\/config\/basemaps\.json: basemaps\[0\] \(county-img\): field "review_number" must be a non-empty string/);
    expect(resolveError({ basemaps: [{ ...COUNTY, id: 'Big Name' }] })).toMatch(/basemaps\[0\] \(Big Name\): field "id" must be 1–32 of a-z/);
    expect(resolveError({ basemaps: [{ ...COUNTY, id: 'offline' }] })).toMatch(/field "id" must not be "offline" or "none"/);
    expect(resolveError({ basemaps: [{ ...COUNTY, maxzoom: 30 }] })).toMatch(/field "maxzoom" must be a whole number from 0 to 24, got 30/);
    expect(resolveError({ basemaps: [{ ...COUNTY, tile_size: 300 }] })).toMatch(/field "tile_size" must be 256 or 512/);
    expect(resolveError({ basemaps: [{ ...COUNTY, minzoom: 12, maxzoom: 10 }] })).toMatch(/field "minzoom" must not be above maxzoom \(10\)/);
    expect(resolveError({ basemaps: [{ ...COUNTY, colour: 'red' }] })).toMatch(/basemaps\[0\] \(county-img\): unknown field "colour"/);
    expect(resolveError({ basemaps: [{ preset: 'amap', key: 'k', review_number: 'x' }] })).toMatch(/basemaps\[0\]: field "preset" must be one of "tianditu-vec", "tianditu-img", "tianditu-ter", got "amap"/);
    expect(resolveError({ basemaps: [COUNTY, COUNTY] })).toMatch(/field "id" = "county-img" is used by two entries/);
    expect(resolveError({ basemaps: {} })).toBe('data/config/basemaps.json: field "basemaps" must be a list, got {}');
    expect(resolveError({ basemaps: [], extra: 1 })).toMatch(/unknown field "extra"/);
    expect(resolveError({ county_review_number: 12, basemaps: [] })).toMatch(/field "county_review_number" must be the 审图号/);
  });

  it('checks URL templates: http(s), {z} {x} {y} present, only known placeholders, {key} and {s} backed', () => {
    expect(resolveError({ basemaps: [{ ...COUNTY, url: 'ftp://x/{z}/{x}/{y}' }] })).toMatch(/field "url" must be an http\(s\) URL template/);
    expect(resolveError({ basemaps: [{ ...COUNTY, url: 'https://x/{z}/{x}.png' }] })).toMatch(/field "url" must hold \{y\}/);
    expect(resolveError({ basemaps: [{ ...COUNTY, url: 'https://x/{z}/{x}/{y}/{bbox}' }] })).toMatch(/not \{bbox\}/);
    expect(resolveError({ basemaps: [{ ...COUNTY, url: 'https://x/{z}/{x}/{y}?k={key}' }] })).toMatch(/field "key" is required: the URL holds \{key\}/);
    expect(resolveError({ basemaps: [{ ...COUNTY, url: 'https://t{s}.x/{z}/{x}/{y}' }] })).toMatch(/field "subdomains" must list the values of \{s\}/);
    expect(resolveError({ basemaps: [{ ...COUNTY, host: 'http://mirror/' }] })).toMatch(/field "host" must be a host name/);
    expect(resolveError({ basemaps: [{ ...COUNTY, scheme: 'ftp' }] })).toMatch(/field "scheme" must be one of "http", "https"/);
    // WMTS RESTful names are accepted
    const wmts = { ...COUNTY, url: 'https://gis.example.cn/wmts/img/default/w/{TileMatrix}/{TileRow}/{TileCol}.png' };
    expect(resolveBasemapConfig({ basemaps: [wmts] }, {}, FILE).config.basemaps).toHaveLength(1);
  });
});

describe('tile URLs', () => {
  const def = (over: Partial<BasemapDef>): Pick<BasemapDef, 'host' | 'scheme' | 'subdomains' | 'key'> => ({ host: null, scheme: null, subdomains: [], key: null, ...over });

  it('turns WMTS names into {z}/{x}/{y} (TileMatrix = z, TileRow = y, TileCol = x)', () => {
    expect(tileUrls('https://gis.example.cn/wmts/img/w/{TileMatrix}/{TileRow}/{TileCol}.png', def({}))).toEqual(['https://gis.example.cn/wmts/img/w/{z}/{y}/{x}.png']);
    expect(tileUrls('https://a.cn/w?TILEMATRIX={tilematrix}&TILEROW={tilerow}&TILECOL={tilecol}', def({}))).toEqual(['https://a.cn/w?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}']);
  });

  it('expands {s} over the subdomains and fills {key}, URL-encoded', () => {
    expect(tileUrls('https://t{s}.tianditu.gov.cn/img_w/wmts?TILEMATRIX={z}&tk={key}', def({ subdomains: ['0', '1', '2'], key: 'a b&c' }))).toEqual([
      'https://t0.tianditu.gov.cn/img_w/wmts?TILEMATRIX={z}&tk=a%20b%26c',
      'https://t1.tianditu.gov.cn/img_w/wmts?TILEMATRIX={z}&tk=a%20b%26c',
      'https://t2.tianditu.gov.cn/img_w/wmts?TILEMATRIX={z}&tk=a%20b%26c',
    ]);
  });

  it('replaces host[:port] and scheme', () => {
    expect(withHost('https://t{s}.tianditu.gov.cn/img_w/wmts?x=1', '127.0.0.1:8123', 'http')).toBe('http://127.0.0.1:8123/img_w/wmts?x=1');
    expect(withHost('https://t{s}.tianditu.gov.cn/img_w/wmts', null, 'http')).toBe('http://t{s}.tianditu.gov.cn/img_w/wmts');
    expect(withHost('https://gis.example.cn:8443/{z}/{x}/{y}', 'mirror.example.cn', null)).toBe('https://mirror.example.cn/{z}/{x}/{y}');
    // a host without {s} gives one URL whatever the subdomains
    expect(tileUrls('https://t{s}.tianditu.gov.cn/{z}/{x}/{y}?tk={key}', def({ host: '127.0.0.1:8123', scheme: 'http', subdomains: ['0', '1'], key: 'k' }))).toEqual([
      'http://127.0.0.1:8123/{z}/{x}/{y}?tk=k',
    ]);
  });
});

describe('loadBasemaps (the app, from index.html)', () => {
  const resolved = resolveBasemapConfig(COMMITTED, ENV, FILE).config;

  it('gives drawable basemaps with expanded tile URLs', () => {
    const l = loadBasemaps(resolved);
    expect(l.problems).toEqual([]);
    expect(l.refused).toEqual([]);
    expect(l.basemaps.map((b) => b.id)).toEqual(['tianditu-vec', 'tianditu-img']);
    const img = l.basemaps[1]!;
    expect(img.tiles).toHaveLength(8);
    expect(img.tiles[3]).toBe(
      'https://t3.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abc123',
    );
    expect(img.annotationTiles?.[0]).toBe(
      'https://t0.tianditu.gov.cn/cia_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=cia&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=abc123',
    );
  });

  it('refuses GCJ-02 and BD-09 with a message naming the offset and the alternative; CGCS2000 and WGS84 pass', () => {
    const l = loadBasemaps({
      county_review_number: '浙S(2024)12号',
      basemaps: [
        { ...COUNTY, id: 'amap', name: { zh: '高德影像', en: 'Amap imagery' }, datum: 'gcj02' },
        { ...COUNTY, id: 'baidu', name: { zh: '百度地图', en: 'Baidu map' }, datum: 'bd09' },
        { ...COUNTY, id: 'osm', datum: 'wgs84' },
        COUNTY,
      ],
    });
    expect(l.countyReviewNumber).toBe('浙S(2024)12号');
    expect(l.basemaps.map((b) => b.id)).toEqual(['osm', 'county-img']);
    expect(l.refused.map((r) => [r.id, r.datum])).toEqual([
      ['amap', 'gcj02'],
      ['baidu', 'bd09'],
    ]);
    const [amap, baidu] = l.refused;
    expect(amap!.message.zh).toBe(
      '底图「高德影像」使用 GCJ-02 坐标（“火星坐标”，高德、腾讯地图所用），叠加本系统的 CGCS2000 数据在宁海约偏移 500 米，已拒绝加载。请改用天地图或本县 CGCS2000 政务底图服务。',
    );
    expect(amap!.message.en).toMatch(/“Amap imagery” is in GCJ-02 .* about 500 m .* Use Tianditu \(天地图\) or the county’s own CGCS2000 government tile service/);
    expect(baidu!.message.zh).toMatch(/^底图「百度地图」使用 BD-09 坐标（百度地图所用）.*约偏移 500 米.*请改用天地图或本县 CGCS2000 政务底图服务。$/);
    expect(baidu!.message.en).toMatch(/BD-09 .* 500 m/);
    expect(datumRefusal({ datum: 'cgcs2000', name: COUNTY.name })).toBeNull();
    expect(datumRefusal({ datum: 'wgs84', name: COUNTY.name })).toBeNull();
  });

  it('drops a bad hand-edited entry with a message and keeps the rest; never throws', () => {
    const l = loadBasemaps({ county_review_number: null, basemaps: [{ ...COUNTY, kind: 'photo' }, COUNTY, { ...COUNTY }, { preset: 'tianditu-img', key: '${TIANDITU_KEY}', review_number: 'x' }] });
    expect(l.basemaps.map((b) => b.id)).toEqual(['county-img']);
    expect(l.problems).toEqual([
      'index.html <script id="tenglong-basemaps">: basemaps[0] (county-img): field "kind" must be one of "imagery", "vector", got "photo"',
      'index.html <script id="tenglong-basemaps">: basemaps[2] (county-img): field "id" = "county-img" is used by an earlier entry; this one is left out',
      'index.html <script id="tenglong-basemaps">: basemap tianditu-img: not configured (TIANDITU_KEY is not set)',
    ]);
    for (const junk of [null, 'x', [], { basemaps: 3 }]) {
      const j = loadBasemaps(junk);
      expect(j.basemaps).toEqual([]);
      expect(j.problems).toHaveLength(1);
    }
    expect(loadBasemaps({ county_review_number: null, basemaps: [] })).toEqual({ basemaps: [], refused: [], countyReviewNumber: null, problems: [] });
  });
});

describe('basemapChoice (the `bm` value, as the map and print read it)', () => {
  const { basemaps } = loadBasemaps(resolveBasemapConfig(COMMITTED, ENV, FILE).config);

  it('a configured id draws its tiles; offline draws the base; none draws nothing', () => {
    expect(basemapChoice(basemaps, 'tianditu-img')).toMatchObject({ basemap: { id: 'tianditu-img' }, offlineBase: false, missing: false });
    expect(basemapChoice(basemaps, 'offline')).toEqual({ basemap: null, offlineBase: true, missing: false });
    expect(basemapChoice(basemaps, 'none')).toEqual({ basemap: null, offlineBase: false, missing: false });
  });

  it('an id this build does not have shows the offline base and is missing', () => {
    expect(basemapChoice(basemaps, 'amap-img')).toEqual({ basemap: null, offlineBase: true, missing: true });
    expect(basemapChoice([], 'tianditu-img')).toEqual({ basemap: null, offlineBase: true, missing: true });
  });
});
