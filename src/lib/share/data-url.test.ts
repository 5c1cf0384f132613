import { describe, expect, it } from 'vitest';
import { DataUrlError, dataFileUrl, dataRootUrl, DEFAULT_DATA_URL, resolveDataUrls } from './data-url.ts';

const PAGE = 'https://gis.example.cn/tenglong/index.html?x=1#/site/P-1';

describe('resolveDataUrls', () => {
  it('no tag: data/ beside the page (the build as it always was)', () => {
    expect(DEFAULT_DATA_URL).toBe('data/');
    expect(resolveDataUrls(null, null, PAGE)).toEqual({
      public: 'https://gis.example.cn/tenglong/data/public/',
      internal: 'https://gis.example.cn/tenglong/data/internal/',
    });
    // the page's query and hash route never leak into the data URL
    expect(resolveDataUrls(null, null, 'http://127.0.0.1:4173/#/map?z=12').public).toBe('http://127.0.0.1:4173/data/public/');
  });

  it('an absolute CDN URL, with or without its trailing slash', () => {
    const want = { public: 'https://cdn.example.cn/tenglong/data/public/', internal: 'https://cdn.example.cn/tenglong/data/internal/' };
    expect(resolveDataUrls('https://cdn.example.cn/tenglong/data/', null, PAGE)).toEqual(want);
    expect(resolveDataUrls('https://cdn.example.cn/tenglong/data', null, PAGE)).toEqual(want);
    expect(resolveDataUrls('  HTTPS://CDN.example.cn/tenglong/data  ', null, PAGE)).toEqual(want);
    expect(resolveDataUrls('http://10.0.0.5:9000/bucket', null, PAGE).public).toBe('http://10.0.0.5:9000/bucket/public/');
  });

  it('relative values resolve against the page: a path, a root path, a protocol-relative host', () => {
    expect(resolveDataUrls('data', null, PAGE).public).toBe('https://gis.example.cn/tenglong/data/public/');
    expect(resolveDataUrls('../shared/data/', null, PAGE).public).toBe('https://gis.example.cn/shared/data/public/');
    expect(resolveDataUrls('/gisdata/', null, PAGE).public).toBe('https://gis.example.cn/gisdata/public/');
    expect(resolveDataUrls('//cdn.example.cn/d', null, PAGE).public).toBe('https://cdn.example.cn/d/public/');
  });

  it('tenglong-internal-url puts internal/ elsewhere, e.g. on the app origin behind its login', () => {
    expect(resolveDataUrls('https://cdn.example.cn/tenglong/data/', 'data/internal', PAGE)).toEqual({
      public: 'https://cdn.example.cn/tenglong/data/public/',
      internal: 'https://gis.example.cn/tenglong/data/internal/',
    });
    expect(resolveDataUrls(null, 'https://intra.example.cn/private/', PAGE).internal).toBe('https://intra.example.cn/private/');
  });

  it.each([
    ['ftp://cdn.example.cn/data/', /only http\(s\) URLs or paths relative to the page.*"ftp:"/],
    ['javascript:alert(1)', /"javascript:"/],
    ['data:text/plain,x', /"data:"/],
    ['file:///srv/data/', /"file:"/],
    ['', /is empty/],
    ['   ', /is empty/],
    ['https://cdn.example.cn/data/?token=1', /no query or fragment/],
    ['data/#x', /no query or fragment/],
    ['data/?', /no query or fragment/],
    ['https://user:secret@cdn.example.cn/data/', /user name or password/],
    ['https://[bad/', /is not a URL/],
  ])('refuses %j with a message naming the tag', (value, message) => {
    const run = (): unknown => resolveDataUrls(value, null, PAGE);
    expect(run).toThrow(DataUrlError);
    expect(run).toThrow(/<meta name="tenglong-data-url">/);
    expect(run).toThrow(message);
  });

  it('a bad tenglong-internal-url names that tag', () => {
    expect(() => resolveDataUrls('data/', 'ws://x/', PAGE)).toThrow(/<meta name="tenglong-internal-url">.*"ws:"/);
  });

  it('a page not served over http(s) cannot read data', () => {
    expect(() => resolveDataUrls(null, null, 'file:///home/me/dist/index.html')).toThrow(/not served over http\(s\)/);
  });
});

describe('dataFileUrl / dataRootUrl', () => {
  const urls = resolveDataUrls('https://cdn.example.cn/t/data/', 'https://gis.example.cn/data/internal/', PAGE);

  it('maps public/… and internal/… to their folders', () => {
    expect(dataFileUrl(urls, 'public/manifest.json')).toBe('https://cdn.example.cn/t/data/public/manifest.json');
    expect(dataFileUrl(urls, 'public/parcels.pmtiles')).toBe('https://cdn.example.cn/t/data/public/parcels.pmtiles');
    expect(dataFileUrl(urls, 'internal/parcels.fgb')).toBe('https://gis.example.cn/data/internal/parcels.fgb');
    expect(dataRootUrl(urls)).toBe('https://cdn.example.cn/t/data/');
  });

  it('any other path is a programming error', () => {
    expect(() => dataFileUrl(urls, 'manifest.json')).toThrow(/must start with "public\/" or "internal\/"/);
    expect(() => dataFileUrl(urls, '/public/x')).toThrow(/must start with/);
  });
});
