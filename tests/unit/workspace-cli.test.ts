// `tenglong backup` / `restore` through the real binary, on embedded workspaces in temporary folders: a restore into
// an empty workspace reproduces the backup exactly; into a non-empty one it is refused and changes nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../../server/workspace/open.ts';
import { DEMANDS, RecordStore } from '../../server/workspace/record-store.ts';
import { runCli } from './helpers/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tenglong-workspace-cli-'));
const a = join(dir, 'a');
const b = join(dir, 'b');

beforeAll(async () => {
  const ws = await openWorkspace({ kind: 'pglite', dir: a });
  const records = new RecordStore(ws.db);
  await records.create(DEMANDS, { id: 'D-201', chain: 'auto-mould', link: 'am-heat', profile: '示例', land_mu: 20, investment_100m: 1, park: null, status: 'open' }, 'zhang');
  await records.update(DEMANDS, 'D-201', { id: 'D-201', chain: 'auto-mould', link: 'am-heat', profile: '示例（改）', land_mu: 25, investment_100m: 1, park: null, status: 'negotiating' }, 1, 'li');
  await ws.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tenglong backup / restore', () => {
  it('backs up, restores into an empty workspace, and the second backup equals the first', () => {
    const f1 = join(dir, 'one.json');
    const r1 = runCli(['backup', f1, '--workspace', a]);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r1.stdout).toMatch(/1 records, 2 audit entries, 0 users/);
    const r2 = runCli(['restore', f1, '--workspace', b]);
    expect(r2.code, r2.stderr).toBe(0);
    const f2 = join(dir, 'two.json');
    expect(runCli(['backup', f2, '--workspace', b]).code).toBe(0);
    expect(JSON.parse(readFileSync(f2, 'utf8'))).toEqual(JSON.parse(readFileSync(f1, 'utf8')));
  });

  it('refuses to restore into a workspace that has data, or a file that is not a backup, and says why', () => {
    const f1 = join(dir, 'one.json');
    const r = runCli(['restore', f1, '--workspace', a]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not empty \(records: 1 rows\)/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ demands: [] }));
    const r2 = runCli(['restore', bad, '--workspace', join(dir, 'c')]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/bad\.json: not a workspace backup/);
    expect(runCli(['backup']).code).toBe(2);
  });
});
