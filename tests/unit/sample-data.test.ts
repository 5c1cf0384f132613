// What `npm start` serves, built end to end from the sample generator: every .fgb indexed, and nothing in the
// public folder that identifies an enterprise's figures or grade (checked against the internal data itself).
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryByteSource } from '../../src/lib/data/byte-source.ts';
import { hasSpatialIndex, readAllFgb, readFgbHeader } from '../../src/lib/data/fgb-read.ts';
import { CONFIDENTIAL_FIELDS } from '../../src/lib/data/public-fields.ts';
import { PARTNER_FIELDS, PARTNERS_FILE, partnersFromFeatures } from '../../src/lib/share/partners.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';
import { buildData } from '../../scripts/build-data.ts';
import { writeSample } from '../../scripts/sample/generate.ts';
import { archiveProperties } from '../../scripts/pipeline/pmtiles-node-source.ts';

/** Files under a folder, recursively (the public folder has ids/). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)).map((g) => `${f}/${g}`) : [f]));
}

const root = mkdtempSync(join(tmpdir(), 'tenglong-sample-'));
const out = join(root, 'data');

beforeAll(async () => {
  await writeSample(join(root, 'src'), { parcels: 3000 });
  const report = await buildData({ src: join(root, 'src'), out, store: join(root, 'store'), policy: ninghaiPolicy() });
  expect(report.rejects).toEqual([]);
  expect(report.sample).toBe(true);
}, 120_000);

describe('served sample data', () => {
  it('has a spatial index in every .fgb', () => {
    for (const d of ['public', 'internal']) {
      const files = readdirSync(join(out, d)).filter((n) => n.endsWith('.fgb'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(hasSpatialIndex(new Uint8Array(readFileSync(join(out, d, f)))), `${d}/${f}`).toBe(true);
    }
  });

  it('keeps enterprise figures, names and grades out of the public folder', async () => {
    const enterprises = (JSON.parse(readFileSync(join(out, 'internal', 'enterprises.json'), 'utf8')) as { enterprises: Record<string, unknown>[] }).enterprises;
    expect(enterprises.length).toBeGreaterThan(1000);
    const publicText: string[] = [];
    const files = filesUnder(join(out, 'public'));
    expect(files).toContain('parcels.pmtiles');
    expect(files.filter((f) => f.startsWith('ids/')).length).toBeGreaterThan(0);
    for (const f of files) {
      const path = join(out, 'public', f);
      if (f.endsWith('.pmtiles')) {
        const all = await archiveProperties(path);
        expect(all.length, `${f}: features in its tiles`).toBeGreaterThan(0);
        for (const props of all) {
          for (const k of CONFIDENTIAL_FIELDS) expect(props, `${f}: ${k}`).not.toHaveProperty(k);
          publicText.push(JSON.stringify(props));
        }
      } else if (f.endsWith('.fgb')) {
        const bytes = new Uint8Array(readFileSync(path));
        // The header's free text is public too (partners.fgb: chain and link names).
        publicText.push((await readFgbHeader(memoryByteSource(bytes))).metadata ?? '');
        for (const feat of readAllFgb(bytes)) {
          for (const k of CONFIDENTIAL_FIELDS) expect(feat.properties, `${f}: ${k}`).not.toHaveProperty(k);
          publicText.push(JSON.stringify(feat.properties));
        }
      } else {
        const text = readFileSync(path, 'utf8');
        for (const k of CONFIDENTIAL_FIELDS) expect(text, `${f}: ${k}`).not.toContain(`"${k}"`);
        publicText.push(text);
      }
    }
    const all = publicText.join('\n');
    // partners.fgb names chain firms on purpose (name, chain, link, at a point): nothing else about them.
    const partnerBytes = new Uint8Array(readFileSync(join(out, 'public', PARTNERS_FILE)));
    const partnerFeatures = readAllFgb(partnerBytes);
    expect(partnerFeatures.length).toBeGreaterThan(100);
    for (const f of partnerFeatures) {
      expect(f.geometry.type).toBe('Point');
      for (const k of Object.keys(f.properties)) expect(PARTNER_FIELDS as readonly string[], `${PARTNERS_FILE} field ${k}`).toContain(k);
      expect(Object.values(f.properties).filter((v) => typeof v === 'number'), 'no number but the point').toEqual([]);
    }
    const partners = partnersFromFeatures(partnerFeatures, (await readFgbHeader(memoryByteSource(partnerBytes))).metadata);
    expect(partners.filter((p) => p.chain_name && p.link_name).length, 'chain and link names from the header').toBe(partners.length);
    expect(partners.length).toBe(partnerFeatures.length);
    const partnerNames = new Set<unknown>(partners.map((p) => p.name));
    const inChain = new Set(enterprises.filter((e) => e['chain'] && e['link'] && e['land_mu']).map((e) => e['name']));
    expect(partnerNames).toEqual(inChain);
    // No other firm's name, and no firm's credit code or grade, appears anywhere public.
    for (const e of enterprises) {
      if (!partnerNames.has(e['name'])) expect(all.includes(e['name'] as string), `name ${e['name']}`).toBe(false);
      expect(all.includes(e['credit_code'] as string)).toBe(false);
    }
    expect(all).not.toMatch(/"grade"|"score"|"tax_10k"|"employees"/);
    // No firm's figures in the partners file: every number there is a coordinate, so none equals a figure of ≥ 3 digits.
    const partnerNumbers = new Set<number>(partners.flatMap((p) => [p.lon, p.lat]));
    for (const e of enterprises) {
      for (const k of ['tax_10k', 'value_added_10k', 'revenue_10k', 'energy_tce', 'emissions_t', 'co2_t', 'employees'] as const) {
        const v = e[k] as number;
        if (Math.abs(v) >= 100) expect(partnerNumbers.has(v), `${e['id']} ${k}`).toBe(false);
      }
    }
  }, 120_000);

  it('writes the 招商 ranking its own parcels file: internal only, candidates and chain firms’ parcels, few fields', () => {
    const policyRaw = JSON.parse(readFileSync('data/policy/ninghai-2021-2025.json', 'utf8')) as { chains: { ranking: { candidate_statuses: string[]; candidate_grades: string[] } } };
    const { candidate_statuses: statuses, candidate_grades: grades } = policyRaw.chains.ranking;
    const enterprises = (JSON.parse(readFileSync(join(out, 'internal', 'enterprises.json'), 'utf8')) as { enterprises: { id: string; chain: string | null }[] }).enterprises;
    const chainFirm = new Set(enterprises.filter((e) => e.chain).map((e) => e.id));
    const parcels = readAllFgb(new Uint8Array(readFileSync(join(out, 'internal', 'parcels.fgb'))));
    // Written out here from the policy's words: a parcel whose status or firm's grade makes it a candidate, or whose
    // firm is in a chain — in the parcels file's order.
    const want = parcels.filter((f) => {
      const p = f.properties;
      return statuses.includes(String(p['status'])) || grades.includes(String(p['grade'])) || chainFirm.has(String(p['enterprise_id']));
    });
    const sites = readAllFgb(new Uint8Array(readFileSync(join(out, 'internal', 'sites.fgb'))));
    expect(sites.map((f) => f.properties['id'])).toEqual(want.map((f) => f.properties['id']));
    expect(sites.length).toBeLessThan(parcels.length);
    const fields = ['id', 'name', 'area_mu_planar', 'status', 'grade', 'enterprise_id', 'control_line', 'zone', 'far_max', 'park'];
    for (const [i, f] of sites.entries()) {
      const p = want[i]!.properties;
      expect(f.geometry, String(p['id'])).toEqual(want[i]!.geometry);
      for (const k of Object.keys(f.properties)) expect(fields, `sites.fgb field ${k}`).toContain(k);
      for (const k of fields) expect(f.properties[k] ?? null, `${String(p['id'])} ${k}`).toEqual(p[k] ?? null);
    }
    const internal = JSON.parse(readFileSync(join(out, 'internal', 'manifest.json'), 'utf8'));
    expect(internal.sites).toEqual({ file: 'sites.fgb', count: sites.length, candidate_statuses: statuses, candidate_grades: grades });
    // Not public: no such file there, and the public manifest does not name it.
    expect(filesUnder(join(out, 'public')).filter((f) => f.includes('sites'))).toEqual([]);
    expect(JSON.parse(readFileSync(join(out, 'public', 'manifest.json'), 'utf8')).sites).toBeUndefined();
  });

  it('labels the sample as sample data in both manifests', () => {
    for (const d of ['public', 'internal']) {
      const m = JSON.parse(readFileSync(join(out, d, 'manifest.json'), 'utf8'));
      expect(m.sample).toBe(true);
      expect(m.label.zh).toBe('示例数据');
    }
  });

  it('grades enterprises with a few D firms and a county 亩均税收 in the target band', () => {
    const enterprises = (JSON.parse(readFileSync(join(out, 'internal', 'enterprises.json'), 'utf8')) as {
      enterprises: { grade: string | null; above_scale: boolean; tax_10k: number; land_mu: number; evaluated: boolean }[];
    }).enterprises;
    const d = enterprises.filter((e) => e.grade === 'D').length;
    expect(d).toBeGreaterThan(0);
    const evald = enterprises.filter((e) => e.evaluated && e.above_scale);
    const tax = evald.reduce((s, e) => s + e.tax_10k, 0) / evald.reduce((s, e) => s + e.land_mu, 0);
    expect(tax).toBeGreaterThan(25);
    expect(tax).toBeLessThan(40);
  });
});
