// Issue 14, "load and faults": a process writing to the workspace is killed (SIGKILL) mid-stream; the workspace then
// opens, holds every write that was acknowledged exactly once, and no half-written record — on the embedded PGlite
// folder and on PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace, type WorkspaceTarget } from '../../server/workspace/open.ts';
import { DEMANDS, RecordStore } from '../../server/workspace/record-store.ts';
import { TEST_DATABASE_URL } from './helpers/workspaces.ts';

const WRITER = fileURLToPath(new URL('./helpers/workspace-writer.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tenglong-kill-ws-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the writer, waits until it has acknowledged `n` writes, kills it with SIGKILL; returns the acknowledged ids. */
function writeThenKill(args: string[], n: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // One process, tsx loaded in it (`--import tsx`): the tsx CLI would run the script in a child of its own, which a
    // SIGKILL of the CLI leaves running.
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buf = '';
    let err = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) if (l.startsWith('D-K')) acked.push(l);
      if (acked.length >= n && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () => (killed ? resolve(acked) : reject(new Error(`writer ended by itself: ${err}`))));
  });
}

async function verify(target: WorkspaceTarget, acked: string[]): Promise<void> {
  const ws = await openWorkspace(target); // opens: the kill left nothing it cannot recover from
  try {
    const records = new RecordStore(ws.db);
    const all = await records.list(DEMANDS, { includeDeleted: true });
    const ids = all.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length); // exactly once
    for (const id of acked) expect(ids, id).toContain(id); // every acknowledged write is there
    // Writes are sequential, so what is there is a prefix D-K00001…D-K0000M without a gap: nothing committed out of
    // order or lost in between. M may exceed what this side read, since the writer acknowledges into a pipe that the
    // kill cuts off.
    const expected = Array.from({ length: ids.length }, (_, i) => `D-K${String(i + 1).padStart(5, '0')}`);
    expect([...ids].sort()).toEqual(expected);
    expect(ids.length).toBeGreaterThanOrEqual(acked.length);
    for (const r of all) {
      expect(r.version).toBe(1);
      expect(DEMANDS.parse(r.data).ok, r.id).toBe(true);
      expect((await records.history('demand', r.id)).map((e) => e.action)).toEqual(['create']);
    }
  } finally {
    await ws.close();
  }
}

describe('a workspace writer killed mid-stream', () => {
  it('PGlite folder: reopens with every acknowledged write exactly once and nothing half-written', async () => {
    const folder = join(dir, 'pglite');
    const acked = await writeThenKill([folder], 40);
    expect(acked.length).toBeGreaterThanOrEqual(40);
    await verify({ kind: 'pglite', dir: folder }, acked);
  }, 120_000);

  it('PostgreSQL: every acknowledged write exactly once and nothing half-written', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    try {
      const acked = await writeThenKill([TEST_DATABASE_URL, schema], 40);
      await verify({ kind: 'postgres', url: TEST_DATABASE_URL, schema }, acked);
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }, 120_000);
});
