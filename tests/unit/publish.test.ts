// Publishing status edits (scripts/publish.ts) on a county from the sample generator: the preview against the live
// build, the rebuild with the edits applied before derivation (the low-efficiency verdict follows the new status,
// the public file shows it), an edit naming no parcel reported and not applied, a second preview finding nothing
// left to publish, and taking an edit back returning the parcel to its delivered status.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildData, type StatusEditInput } from '../../scripts/build-data.ts';
import { PATHS } from '../../scripts/paths.ts';
import { previewPublish, publish } from '../../scripts/publish.ts';
import { writeSample } from '../../scripts/sample/generate.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import type { ParcelInternal, ParcelStatus } from '../../src/lib/data/schema.ts';
import { ninghaiPolicy } from '../../src/lib/rules/test-policy.ts';

const root = mkdtempSync(join(tmpdir(), 'tenglong-publish-'));
const src = join(root, 'src');
const out = join(root, 'data');
const store = join(root, 'store');

const fgb = (dir: 'public' | 'internal') => new Map(readAllFgb(new Uint8Array(readFileSync(join(out, dir, 'parcels.fgb')))).map((f) => [String(f.properties['id']), f.properties as unknown as ParcelInternal]));
const index = () => new Map((JSON.parse(readFileSync(join(out, 'internal', 'parcels-index.json'), 'utf8')) as { id: string; status: ParcelStatus }[]).map((e) => [e.id, e]));

/** An in-use parcel meeting no low-efficiency criterion: made 供而未用, it must become low-efficiency on status alone. */
let target = '';
let delivered: ParcelStatus = 'in_use';
beforeAll(async () => {
  await writeSample(src, { parcels: 3000 });
  await buildData({ src, out, store, policy: ninghaiPolicy() });
  const candidate = [...fgb('internal').values()].find((p) => p.status === 'in_use' && p.low_efficiency === false && p.low_efficiency_criteria === '');
  if (!candidate) throw new Error('the sample county has no in-use parcel free of every low-efficiency criterion');
  target = candidate.id;
  delivered = candidate.status;
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('publish', () => {
  it('previews, then rebuilds with the edit applied before derivation; an unknown parcel is reported, not applied', async () => {
    const edits = new Map<string, StatusEditInput>([
      [target, { status: 'supplied_not_used', date: '2026-11-30', reason: '土地已供应，尚未开工' }],
      ['NO-SUCH-PARCEL', { status: 'idle', date: '2026-11-30', reason: '误填' }],
    ]);
    const preview = await previewPublish(out, edits);
    expect(preview.changes).toEqual([{ parcel_id: target, from: 'in_use', to: 'supplied_not_used', date: '2026-11-30', reason: '土地已供应，尚未开工', public: true }]);
    expect(preview.unknown).toEqual(['NO-SUCH-PARCEL']);
    const before = preview.release;
    expect(before).toEqual(expect.any(String));

    const lines: string[] = [];
    const { result, report } = await publish({ dataDir: out, sourceDir: src, store, policyFile: PATHS.policy, edits, log: (l) => lines.push(l) });
    expect(report.edits).toEqual({ applied: 1, unknown: ['NO-SUCH-PARCEL'] });
    expect(report.warnings).toContainEqual(expect.stringMatching(/NO-SUCH-PARCEL.*not applied/));
    expect(lines).toContainEqual(expect.stringMatching(/status edits: 1 applied, 1 naming no parcel/));
    expect(result).toMatchObject({ parcels: 3000, edits: { applied: 1, unknown: ['NO-SUCH-PARCEL'] }, changes: preview.changes });
    expect(result.release).not.toBe(before);

    // The new live build: the index, both parcel files, the verdict derived from the new status.
    expect(index().get(target)!.status).toBe('supplied_not_used');
    expect(index().has('NO-SUCH-PARCEL')).toBe(false);
    const internal = fgb('internal').get(target)!;
    expect(internal.status).toBe('supplied_not_used');
    expect(internal.low_efficiency).toBe(true);
    expect(internal.low_efficiency_criteria).toBe('status');
    expect(fgb('public').get(target)!.status).toBe('supplied_not_used');
    const recorded = JSON.parse(readFileSync(join(out, 'internal', 'status-edits.json'), 'utf8'));
    expect(recorded).toEqual({ edits: [{ parcel_id: target, source_status: delivered, status: 'supplied_not_used', date: '2026-11-30', reason: '土地已供应，尚未开工' }] });
    const reportFile = JSON.parse(readFileSync(join(out, 'internal', 'report.json'), 'utf8'));
    expect(reportFile.edits).toEqual({ applied: 1, unknown: ['NO-SUCH-PARCEL'] });

    // Published: the same edits change nothing more; a new reason alone is an internal change.
    expect((await previewPublish(out, edits)).changes).toEqual([]);
    const reworded = new Map(edits).set(target, { ...edits.get(target)!, reason: '供地后一年未开工' });
    expect((await previewPublish(out, reworded)).changes).toEqual([{ parcel_id: target, from: 'supplied_not_used', to: 'supplied_not_used', date: '2026-11-30', reason: '供地后一年未开工', public: false }]);
  }, 180_000);

  it('taking the edit back returns the parcel to its delivered status', async () => {
    const none = new Map<string, StatusEditInput>();
    expect((await previewPublish(out, none)).changes).toEqual([{ parcel_id: target, from: 'supplied_not_used', to: delivered, date: null, reason: null, public: true }]);
    const { result } = await publish({ dataDir: out, sourceDir: src, store, edits: none });
    expect(result.edits).toEqual({ applied: 0, unknown: [] });
    expect(index().get(target)!.status).toBe(delivered);
    expect(fgb('internal').get(target)!.low_efficiency).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'internal', 'status-edits.json'), 'utf8'))).toEqual({ edits: [] });
    expect((await previewPublish(out, none)).changes).toEqual([]);
  }, 180_000);
});
