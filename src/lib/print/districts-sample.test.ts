// The sample county (public/data, `npx tenglong ensure-data`): every town's, park's and block's print page laid out
// from the pipeline's area-stats.json (statsDistricts, issue 16) equals the page laid out from the county's parcels
// (countyDistricts: districtBbox and keyFigures over parcels.fgb, the code the page used before) — the 作战图's town and
// block pages included.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAllFgb } from '../data/fgb-read.ts';
import { parseAreaStatsFile } from '../stats/area-stats.ts';
import { defaultMapParams } from '../url/params.ts';
import { defaultPrintParams, type FitTarget } from '../url/print-params.ts';
import { countyDistricts, statsDistricts, type PrintBlock, type PrintParcel } from './districts.ts';
import { buildPages } from './pages.ts';

describe('districts from area-stats.json = districts from the parcels (sample county)', () => {
  const dir = 'public/data/';
  it('for every town, park and block: names, box, key figures and pages', () => {
    if (!existsSync(`${dir}internal/parcels.fgb`)) throw new Error('run `npx tenglong ensure-data` first');
    const parcels = readAllFgb(new Uint8Array(readFileSync(`${dir}internal/parcels.fgb`))) as unknown as PrintParcel[];
    const blocks = readAllFgb(new Uint8Array(readFileSync(`${dir}public/low-efficiency-blocks.fgb`))) as unknown as PrintBlock[];
    const file = parseAreaStatsFile(JSON.parse(readFileSync(`${dir}internal/area-stats.json`, 'utf8')), 'area-stats.json');
    const stats = statsDistricts(file, blocks);
    if (!stats) throw new Error('area-stats.json has no boxes: rebuild with `npx tenglong build-data`');
    const county = countyDistricts(parcels, blocks);
    expect(stats.names).toEqual(county.names);
    expect(stats.names.towns.length).toBeGreaterThan(1);
    expect(stats.names.parks.length).toBeGreaterThan(1);
    expect(blocks.length).toBeGreaterThan(1);
    const targets: FitTarget[] = [
      ...county.names.towns.map((id) => ({ kind: 'town' as const, id })),
      ...county.names.parks.map((id) => ({ kind: 'park' as const, id })),
      ...blocks.map((b) => ({ kind: 'block' as const, id: b.properties.id })),
    ];
    let withParcels = 0;
    for (const t of targets) {
      const what = `${t.kind}:${t.id}`;
      expect(stats.bbox(t), what).toEqual(county.bbox(t));
      expect(stats.figures(t), what).toEqual(county.figures(t));
      if (county.figures(t).parcels > 0) withParcels++;
    }
    expect(withParcels).toBeGreaterThan(targets.length / 2);

    const map = defaultMapParams();
    const frame = { w: 1000, h: 700 };
    const base = defaultPrintParams();
    const prints = [
      { ...base, atlas: 'town' as const },
      { ...base, atlas: 'park' as const },
      { ...base, atlas: 'block' as const },
      ...targets.map((fit) => ({ ...base, fit })),
      // the 作战图 (issue 16: laid out from area-stats.json too): atlases by town and by block, one town, one block
      { ...base, layout: 'campaign' as const, atlas: 'town' as const },
      { ...base, layout: 'campaign' as const, atlas: 'block' as const },
      { ...base, layout: 'campaign' as const, town: county.names.towns[0]! },
      { ...base, layout: 'campaign' as const, block: blocks[0]!.properties.id },
    ];
    for (const print of prints) {
      const fromStats = buildPages({ map, print, parcels: [], districts: stats, blocks, frame }, 'zh');
      const fromCounty = buildPages({ map, print, parcels, blocks, frame }, 'zh');
      const what = JSON.stringify(print.fit ?? [print.layout, print.atlas, print.town, print.block]);
      expect(fromStats.length, what).toBeGreaterThan(0);
      expect(fromStats, what).toEqual(fromCounty);
    }
  }, 120_000);
});
