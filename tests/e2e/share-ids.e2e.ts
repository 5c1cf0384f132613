// Any id a county's register uses can be shared: a county built through the real pipeline with parcel ids holding
// Chinese, spaces, "/", "#", "?", "&", "=" and "%" opens on the planner map from a link, the share dialog makes a
// prospect link and an internal link for it, and each link opens that very parcel (site page, planner card).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData } from '../../scripts/build-data.ts';
import { writeSample } from '../../scripts/sample/generate.ts';
import { interiorPoint } from '../../src/lib/geo/interior-point.ts';
import type { AreaGeometry } from '../../src/lib/data/schema.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';
import { openPage, visibleText, waitForMapIdle } from './browser.ts';
import { centreParam } from './parcels-index.ts';
import { deploy, type Deployment } from './site-helpers.ts';

const ODD_IDS = ['西店 A/3#1', 'NH-7?x=1&y=%20', '宁海县经济开发区-12（东）'];

let deployment: Deployment;
const centres = new Map<string, [number, number]>();

beforeAll(async () => {
  const src = mkdtempSync(join(tmpdir(), 'tenglong-ids-src-'));
  await writeSample(src, { parcels: 3000 });
  const parcels = JSON.parse(readFileSync(join(src, 'parcels.geojson'), 'utf8')) as {
    features: { geometry: AreaGeometry; properties: { id: string; enterprise_id: string | null; area?: number } }[];
  };
  // Parcels no other file refers to (projects and land supply name parcels by id), large enough to click.
  const referred = readFileSync(join(src, 'projects.json'), 'utf8') + readFileSync(join(src, 'land-supply.json'), 'utf8');
  const free = parcels.features.filter((f) => !referred.includes(`"${f.properties.id}"`)).slice(100);
  ODD_IDS.forEach((id, i) => {
    const f = free[i * 50]!;
    f.properties.id = id;
    centres.set(id, interiorPoint(f.geometry) as [number, number]);
  });
  writeFileSync(join(src, 'parcels.geojson'), JSON.stringify(parcels));
  deployment = await deploy(async (dir) => {
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    const report = await buildData({ src, out: join(dir, 'data'), store: mkdtempSync(join(tmpdir(), 'tenglong-ids-store-')), policy: ninghaiPolicy() });
    expect(report.rejects).toEqual([]);
  });
  rmSync(src, { recursive: true, force: true });
}, 180_000);
afterAll(async () => {
  await deployment?.close();
});

describe('odd register ids through the share dialog', () => {
  for (const id of ODD_IDS) {
    it(`"${id}": map link → share dialog → prospect and internal links open the same parcel`, async () => {
      const centre = centres.get(id)!;
      const mapHash = `#/map?c=${centreParam(centre)}&z=17.00&p=${encodeURIComponent(id)}`;
      const { page, expectNoErrors } = await openPage(`${deployment.url}${mapHash}`);
      await waitForMapIdle(page);
      expect(await visibleText(page, 'parcel-card-id', 30_000)).toBe(id);
      await page.locator('[data-testid=share-open]').click();
      await page.locator('[data-testid=share-dialog]').waitFor();
      const prospect = await page.locator('[data-testid=share-link]').inputValue();
      // One piece of plain ASCII after #/site/, nothing that a mail client or a QR reader would cut.
      expect(prospect).toMatch(new RegExp(`^${deployment.url.replace(/[.]/g, '\\.')}#/site/[A-Za-z0-9%_.~:,!*'()-]+$`));
      await page.locator('[data-testid=share-kind-internal]').check();
      const internal = await page.locator('[data-testid=share-link]').inputValue();
      // a static deployment has no workspace server: the app's session check gets a 404 and runs without a login
      const noServer = [/status of 404 .*\/api\/me/];
      expectNoErrors(noServer);

      const site = await openPage(prospect);
      expect(await visibleText(site.page, 'site-id', 30_000)).toBe(id);
      expect(site.requests.filter((u) => u.includes('internal'))).toEqual([]);
      site.expectNoErrors();

      const planner = await openPage(internal);
      await waitForMapIdle(planner.page);
      expect(await visibleText(planner.page, 'parcel-card-id', 30_000)).toBe(id);
      planner.expectNoErrors(noServer);
    });
  }
});
