import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basemapConfig, readBasemapConfig, setBasemapsScript } from './basemap-plugin.ts';

const INDEX = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
const BLOCK = /<script type="application\/json" id="tenglong-basemaps">([\s\S]*?)<\/script>/;

function blockOf(html: string): unknown {
  const m = BLOCK.exec(html);
  if (!m) throw new Error('no block');
  return JSON.parse(m[1]!) as unknown;
}

describe('basemaps into index.html', () => {
  it('index.html ships an empty block, so a build with nothing set works', () => {
    expect(blockOf(INDEX)).toEqual({ county_review_number: null, basemaps: [] });
  });

  it('the committed configuration with no keys set gives no basemaps and says why', () => {
    const { config, skipped } = readBasemapConfig(new URL('../data/config/basemaps.json', import.meta.url).pathname, {});
    expect(config).toEqual({ county_review_number: null, basemaps: [] });
    expect(skipped).toEqual([
      'basemap tianditu-vec: not configured (TIANDITU_KEY, TIANDITU_REVIEW_NUMBER are not set)',
      'basemap tianditu-img: not configured (TIANDITU_KEY, TIANDITU_REVIEW_NUMBER are not set)',
    ]);
  });

  it('writes the resolved JSON with "<" escaped, so the block cannot be closed early', () => {
    const out = setBasemapsScript(INDEX, { county_review_number: '</script><b>x</b>$&', basemaps: [] });
    expect(out).toContain('<script type="application/json" id="tenglong-basemaps">{"county_review_number":"\\u003c/script>\\u003cb>x\\u003c/b>$&","basemaps":[]}</script>');
    expect(blockOf(out)).toEqual({ county_review_number: '</script><b>x</b>$&', basemaps: [] });
    // a second write replaces the block, never adds one
    expect(setBasemapsScript(out, { county_review_number: null, basemaps: [] }).match(/id="tenglong-basemaps"/g)).toHaveLength(1);
    expect(() => setBasemapsScript('<html></html>', { county_review_number: null, basemaps: [] })).toThrow(/no <script type="application\/json" id="tenglong-basemaps">/);
  });

  it('the plugin reads TENGLONG_BASEMAPS and fills keys from the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenglong-basemaps-'));
    const file = join(dir, 'basemaps.json');
    writeFileSync(file, JSON.stringify({ county_review_number: '浙S(2024)12号', basemaps: [{ preset: 'tianditu-img', key: '${TK}', review_number: 'GS(2099)0000号', host: '127.0.0.1:9', scheme: 'http' }] }));
    const plugin = basemapConfig({ TENGLONG_BASEMAPS: file, TK: 'k1' });
    const hook = plugin.transformIndexHtml;
    if (typeof hook !== 'function') throw new Error('transformIndexHtml is not a function');
    const out = hook.call({} as never, INDEX, {} as never);
    if (typeof out !== 'string') throw new Error('expected html');
    const block = blockOf(out) as { county_review_number: string; basemaps: { id: string; key: string; host: string }[] };
    expect(block.county_review_number).toBe('浙S(2024)12号');
    expect(block.basemaps.map((b) => [b.id, b.key, b.host])).toEqual([['tianditu-img', 'k1', '127.0.0.1:9']]);
    // a malformed file fails, naming it
    writeFileSync(file, JSON.stringify({ basemaps: [{ preset: 'tianditu-img', key: 'k', review_number: 'x', kind: 'photo' }] }));
    expect(() => hook.call({} as never, INDEX, {} as never)).toThrow(`${file}: basemaps[0] (tianditu-img): field "kind"`);
    writeFileSync(file, '{');
    expect(() => hook.call({} as never, INDEX, {} as never)).toThrow(file);
  });
});
