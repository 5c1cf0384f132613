// Names from data are text, never markup: a county built through the real pipeline (buildData) with parcel,
// park, firm and chain-link names carrying <img src=x onerror=…> shows them literally and runs nothing.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/build-data.ts';
import { writeSample } from '../../scripts/sample/generate.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';
import { openPage, visibleText } from './browser.ts';
import { deploy, type Deployment } from './site-helpers.ts';

const PARCEL_NAME = '<img src=x onerror="window.__xss=1">地块';
const PARK_NAME = '<script>window.__xss=2</script>园区';
const FIRM_NAME = '<img src=x onerror="window.__xss=3">示例公司';
const LINK_NAME = '<b onmouseover="window.__xss=4">环节</b>';
const CHAIN_NAME = '<svg onload="window.__xss=5">链</svg>';

let deployment: Deployment;
let siteId = '';

beforeAll(async () => {
  const src = mkdtempSync(join(tmpdir(), 'tenglong-xss-src-'));
  await writeSample(src, { parcels: 3000 });
  const parcels = JSON.parse(readFileSync(join(src, 'parcels.geojson'), 'utf8')) as {
    features: { properties: { id: string; name: string; park: string | null; enterprise_id: string | null } }[];
  };
  const ents = JSON.parse(readFileSync(join(src, 'enterprises.json'), 'utf8')) as {
    enterprises: { id: string; name: string; chain: string | null; link: string | null }[];
  };
  const chains = JSON.parse(readFileSync(join(src, 'chains.json'), 'utf8')) as {
    chains: { id: string; name: { zh: string; en: string }; links: { id: string; name: { zh: string; en: string }; order: number }[] }[];
  };
  // The site: a parcel held by a firm. The hostile firm: the holder of the nearest parcel of another firm, put
  // in a chain of its own (so the per-chain cap cannot hide it) whose names are hostile too.
  type P = (typeof parcels.features)[number] & { geometry: { coordinates: number[][][] } };
  const feats = parcels.features as P[];
  const target = feats.find((f) => f.properties.enterprise_id)!;
  const at = (f: P) => f.geometry.coordinates[0]![0]!;
  const d = (f: P) => Math.hypot(at(f)[0]! - at(target)[0]!, at(f)[1]! - at(target)[1]!);
  const other = feats
    .filter((f) => f.properties.enterprise_id && f.properties.enterprise_id !== target.properties.enterprise_id)
    .sort((a, b) => d(a) - d(b))[0]!;
  const firm = ents.enterprises.find((e) => e.id === other.properties.enterprise_id)!;
  siteId = target.properties.id;
  target.properties.name = PARCEL_NAME;
  target.properties.park = PARK_NAME;
  firm.name = FIRM_NAME;
  firm.chain = 'xss-chain';
  firm.link = 'xss-link';
  chains.chains.push({ id: 'xss-chain', name: { zh: CHAIN_NAME, en: CHAIN_NAME }, links: [{ id: 'xss-link', name: { zh: LINK_NAME, en: LINK_NAME }, order: 1 }] });
  writeFileSync(join(src, 'parcels.geojson'), JSON.stringify(parcels));
  writeFileSync(join(src, 'enterprises.json'), JSON.stringify(ents));
  writeFileSync(join(src, 'chains.json'), JSON.stringify(chains));
  deployment = await deploy(async (dir) => {
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    const report = await buildData({ src, out: join(dir, 'data'), store: mkdtempSync(join(tmpdir(), 'tenglong-xss-store-')), policy: ninghaiPolicy() });
    expect(report.rejects).toEqual([]);
  });
  rmSync(src, { recursive: true, force: true });
}, 120_000);
afterAll(async () => {
  await deployment?.close();
});

describe('hostile names', () => {
  it('are shown as text on the site page, and nothing runs', async () => {
    const { page, requests, expectNoErrors } = await openPage(`${deployment.url}#/site/${siteId}`);
    expect(await visibleText(page, 'site-name', 30_000)).toBe(PARCEL_NAME);
    expect(await visibleText(page, 'site-park')).toBe(PARK_NAME);
    const partners = await visibleText(page, 'site-partners');
    expect(partners).toContain(FIRM_NAME);
    expect(partners).toContain(LINK_NAME);
    expect(partners).toContain(CHAIN_NAME);
    await page.waitForSelector('[data-testid=site-map][data-idle="true"]', { state: 'attached', timeout: 45_000 });
    expect(await page.evaluate(() => document.title)).toContain(PARCEL_NAME);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // No inline script but index.html's basemap configuration (a JSON data block, never executed: issue 17).
    expect(await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => `${e.id}|${e.getAttribute('type')}`))).toEqual(['tenglong-basemaps|application/json']);
    expect(await page.locator('img[src=x], b[onmouseover], svg[onload]').count()).toBe(0);
    expect(requests.filter((u) => new URL(u).pathname === '/x')).toEqual([]);
    expectNoErrors();
  });
});
