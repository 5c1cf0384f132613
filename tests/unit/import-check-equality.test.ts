// The in-app import judges a county's own file as `tenglong check` does (issue 13, item 4). The delivered sample's
// zipped GBK Shapefile in EPSG:4549 goes through the import's pure core (prepareLayer: the worker's code) with the
// suggested mapping, against the published zones and control lines (read by box, as the worker reads them), county extent and policy; the same file, mapped
// as build-data maps it, goes through the real binary. Same parcels, same findings (rule, status, message, source).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryByteSource } from '../../src/lib/data/byte-source.ts';
import { parseCountyConfig } from '../../src/lib/geo/place.ts';
import { suggestionToMapping } from '../../src/lib/import/mapping.ts';
import { prepareLayer, suggestFor, type PreparedLayer } from '../../src/lib/import/prepare.ts';
import { ruleLayersNear } from '../../src/lib/rules/layers-near.ts';
import { parsePolicy } from '../../src/lib/rules/policy.ts';
import { parseCheckLines, writeMappedParcels, type CheckLine } from './helpers/import-geojson.ts';
import { runCli } from './helpers/run-cli.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = join(ROOT, 'public', 'data', 'public');
const dir = mkdtempSync(join(tmpdir(), 'tenglong-import-eq-'));
let prepared: PreparedLayer;
let cli: CheckLine[];
let problems = -1;

beforeAll(async () => {
  const s = runCli(['sample', '--parcels', '3000', '--seed', '11', '--out', join(dir, 'geo'), '--delivered', join(dir, 'own')]);
  expect(s.code, s.stderr).toBe(0);
  const zip = join(dir, 'own', '宗地.zip');
  const mapped = await writeMappedParcels(zip, join(dir, 'parcels.geojson'));
  problems = mapped.problems;
  const c = runCli(['check', join(dir, 'parcels.geojson'), '--json']);
  expect([0, 3], c.stderr).toContain(c.code);
  cli = parseCheckLines(c.stdout);

  const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as { county: unknown };
  // The published files read as the import worker reads them when the page has not read them: those meeting the
  // accepted parcels' box, through the files' R-tree.
  const file = (name: string) => memoryByteSource(new Uint8Array(readFileSync(join(DATA, name))), name);
  const files = { zones: file('zones.fgb'), controlLines: file('control-lines.fgb') };
  const policy = parsePolicy(JSON.parse(readFileSync(join(ROOT, 'data/policy/ninghai-2021-2025.json'), 'utf8')));
  const layer = mapped.layer;
  prepared = await prepareLayer(layer, 'parcels', suggestionToMapping(suggestFor(layer, 'parcels'), layer.file), {
    rules: { near: (box) => ruleLayersNear(files, box) },
    policy,
    extent: parseCountyConfig(manifest.county).extent,
  });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('in-app import = tenglong check on the same file', () => {
  it('maps every sample record (nothing set aside by the mapping) and reads it in EPSG:4549', () => {
    expect(problems).toBe(0);
    expect(prepared.crs).toBe('EPSG:4549');
    expect(prepared.features).toHaveLength(3000);
  });

  it('gives every parcel the findings check gives it', () => {
    expect(prepared.features.map((f) => f.id)).toEqual(cli.map((l) => l.id));
    const strip = (l: CheckLine['findings']) => l.map((f) => ({ rule: f.rule, status: f.status, message: f.message, source: (f as { source?: unknown }).source }));
    for (const [i, f] of prepared.features.entries()) expect(strip(f.findings), f.id).toEqual(strip(cli[i]!.findings));
    // Not vacuous: the sample has parcels that fail, pass and get only information.
    const statuses = new Set(prepared.features.flatMap((f) => f.findings.map((x) => x.status)));
    expect([...statuses].sort()).toEqual(expect.arrayContaining(['fail', 'info', 'pass']));
  });
});
