import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataUrlMeta, setDataUrlMeta } from './data-url-plugin.ts';

const INDEX = readFileSync(new URL('../index.html', import.meta.url), 'utf8');

describe('TENGLONG_DATA_URL into index.html', () => {
  it('index.html ships the default tag, data/', () => {
    expect(INDEX).toMatch(/<meta name="tenglong-data-url" content="data\/" \/>/);
  });

  it('escapes the value for the attribute and keeps "$&" literal', () => {
    const out = setDataUrlMeta(INDEX, 'https://cdn.example.cn/a"b/$&/', null);
    expect(out).toContain('<meta name="tenglong-data-url" content="https://cdn.example.cn/a&quot;b/$&amp;/" />');
  });

  it('sets data_url and internal_url', () => {
    const out = setDataUrlMeta(INDEX, 'https://cdn.example.cn/t/data/', 'data/internal/');
    expect(out).toContain('<meta name="tenglong-data-url" content="https://cdn.example.cn/t/data/" />\n    <meta name="tenglong-internal-url" content="data/internal/" />');
    expect(out.match(/tenglong-data-url" content=/g)).toHaveLength(1);
    // a second run replaces, never duplicates
    const again = setDataUrlMeta(out, 'https://cdn2.example.cn/d/', 'https://gis.example.cn/data/internal/');
    expect(again.match(/<meta name="tenglong-internal-url"/g)).toHaveLength(1);
    expect(again).toContain('content="https://gis.example.cn/data/internal/"');
  });

  it('refuses what the app would refuse, naming the tag', () => {
    expect(() => setDataUrlMeta(INDEX, 'ftp://cdn.example.cn/', null)).toThrow(/tenglong-data-url.*"ftp:"/);
    expect(() => setDataUrlMeta('<html></html>', 'https://cdn.example.cn/', null)).toThrow(/no <meta name="tenglong-data-url"/);
  });

  it('unset or empty variables leave index.html as written', () => {
    const plugin = dataUrlMeta({ TENGLONG_DATA_URL: '  ' });
    const hook = plugin.transformIndexHtml;
    expect(typeof hook).toBe('function');
    if (typeof hook === 'function') expect(hook.call({} as never, INDEX, {} as never)).toBe(INDEX);
  });
});
