// `tenglong check` on a county's own file: the delivered sample's 宗地.zip (GBK Shapefile, EPSG:4549, Chinese field
// names) gives the same findings, parcel for parcel, as the same parcels in the sample's GeoJSON; bad files say why.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tenglong-check-import-'));
const geo = join(dir, 'geo');
const own = join(dir, 'own');

interface Line {
  id: string;
  area_mu_planar: number;
  far: number | null;
  findings: { rule: string; status: string; values: Record<string, unknown> }[];
}
const lines = (stdout: string): Line[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);

beforeAll(() => {
  const s = runCli(['sample', '--parcels', '3000', '--seed', '5', '--out', geo, '--delivered', own]);
  expect(s.code, s.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tenglong check on a county\'s own file', () => {
  it('gives the zipped GBK Shapefile the same findings as the same parcels in GeoJSON, with or without mapping.json', () => {
    const a = runCli(['check', join(geo, 'parcels.geojson'), '--json']);
    expect(a.code, a.stderr).toBe(0);
    for (const extra of [[], ['--mapping', join(own, 'mapping.json')]]) {
      const b = runCli(['check', join(own, '宗地.zip'), '--json', ...extra]);
      expect(b.code, b.stderr).toBe(0);
      if (extra.length === 0) expect(b.stderr).toMatch(/宗地\.zip: read through the built-in aliases: id ← 地块编号/);
      const la = lines(a.stdout);
      const lb = lines(b.stdout);
      expect(lb.map((l) => l.id)).toEqual(la.map((l) => l.id));
      lb.forEach((l, i) => {
        const m = la[i]!;
        expect(Math.abs(l.area_mu_planar - m.area_mu_planar), l.id).toBeLessThan(1e-9 * m.area_mu_planar);
        expect(l.findings.map((f) => `${f.rule}:${f.status}`), l.id).toEqual(m.findings.map((f) => `${f.rule}:${f.status}`));
      });
    }
  }, 120_000);

  it('names the file and what is wrong: a zip without a Shapefile, a .prj it cannot map, a mapping without parcels', () => {
    const noShp = join(dir, 'no-shp.zip');
    writeFileSync(noShp, zipSync({ 'readme.txt': new TextEncoder().encode('宗地数据') }));
    const r1 = runCli(['check', noShp, '--json']);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/no-shp\.zip.*readme\.txt/);

    // The same parcels with a Xian 1980 .prj (as older county exports have): refused with the definition's own name.
    const parts = unzipSync(new Uint8Array(readFileSync(join(own, '宗地.zip'))));
    parts['宗地.prj'] = new TextEncoder().encode(
      'PROJCS["Xian_1980_3_Degree_GK_CM_120E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],' +
        'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],' +
        'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]',
    );
    const xian = join(dir, 'xian.zip');
    writeFileSync(xian, zipSync(parts));
    const r3 = runCli(['check', xian, '--json']);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(/"Xian_1980_3_Degree_GK_CM_120E" is not a CGCS2000 or WGS 84 definition/);

    const m = join(dir, 'mapping-enterprises-only.json');
    writeFileSync(m, JSON.stringify({ enterprises: { fields: { name: '企业名称' } } }));
    const r2 = runCli(['check', join(own, '宗地.zip'), '--json', '--mapping', m]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/mapping-enterprises-only\.json: has no "parcels" entry/);
  });
});
