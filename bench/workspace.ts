// Bench: the workspace API under N concurrent simulated users for T seconds, on the embedded PGlite and on the
// PostgreSQL server (issue 14, "load and faults"): each user logs in and loops — reads (the demand list, the change
// feed) and writes (creates a demand, edits one of its own with the version it holds, sets a parcel's status with
// date and reason as a planner) — through real HTTP. Reports requests/s, p50/p95/p99 latency and errors per engine,
// then checks that every acknowledged write is in the workspace exactly once, with the version its acknowledged
// edits imply.
//   npx tsx bench/workspace.ts [--users 16] [--seconds 60] [--engines pglite,postgres]
import { performance } from 'node:perf_hooks';
import { parseFlags } from '../scripts/args.ts';
import { demand, startApiServer, USER_OF } from '../tests/unit/helpers/api-server.ts';
import type { Engine } from '../tests/unit/helpers/workspaces.ts';

const flags = parseFlags('bench/workspace', process.argv.slice(2), { users: 'string', seconds: 'string', engines: 'string' });
const USERS = flags.int('users', 1) ?? 16;
const SECONDS = flags.int('seconds', 1) ?? 60;
const ENGINES = (flags.str('engines') ?? 'pglite,postgres').split(',') as Engine[];

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function run(engine: Engine) {
  const server = await startApiServer(engine);
  const writers = [await server.login(USER_OF.investment), await server.login(USER_OF.admin)];
  const readers = [await server.login(USER_OF.viewer), await server.login(USER_OF.planner)];
  const planner = readers[1]!;
  const statuses = new Map<string, number>(); // parcel id → acknowledged version of its status edit
  const latencies: number[] = [];
  let errors = 0;
  const created = new Map<string, number>(); // id → acknowledged version
  const end = performance.now() + SECONDS * 1000;
  let seq = 0;
  async function user(u: number): Promise<void> {
    const mine: { id: string; version: number }[] = [];
    const parcels: { id: string; version: number | null }[] = Array.from({ length: 5 }, (_, k) => ({ id: `NH-L${u}-${k}`, version: null }));
    let i = 0;
    while (performance.now() < end) {
      i++;
      const write = i % 10 < 3; // 30 % writes
      const t0 = performance.now();
      let ok: boolean;
      if (!write) {
        const r = await server.request('GET', i % 2 ? '/api/demands' : `/api/changes?since=${Math.max(0, seq - 50)}`, { cookie: readers[u % 2]! });
        ok = r.status === 200;
        if (ok && i % 2 === 0) seq = Math.max(seq, Number((r.body as { seq?: number } | null)?.seq ?? 0));
      } else if (i % 10 === 2) {
        // a planner's parcel status change: the first one creates the edit, later ones name the version they saw
        const p = parcels[Math.floor(i / 10) % parcels.length]!;
        const data = { parcel_id: p.id, status: i % 20 < 10 ? 'idle' : 'in_use', date: '2026-11-30', reason: `bench ${u}/${i}` };
        const r = await server.request('PUT', `/api/parcel-status/${p.id}`, { cookie: planner, body: p.version === null ? { data } : { data, version: p.version } });
        ok = r.status === 200 || r.status === 201;
        if (ok) {
          p.version = (r.body as { version: number }).version;
          statuses.set(p.id, p.version);
        }
      } else if (mine.length === 0 || i % 20 < 7) {
        const id = `D-L${u}-${i}`;
        const r = await server.request('POST', '/api/demands', { cookie: writers[u % 2]!, body: demand(id, { land_mu: 10 + (i % 90) }) });
        ok = r.status === 201 || r.status === 200;
        if (ok) {
          mine.push({ id, version: 1 });
          created.set(id, 1);
        }
      } else {
        const m = mine[i % mine.length]!;
        const r = await server.request('PUT', `/api/demands/${m.id}`, { cookie: writers[u % 2]!, body: { data: demand(m.id, { land_mu: 10 + (i % 90) }), version: m.version } });
        ok = r.status === 200;
        if (ok) {
          m.version++;
          created.set(m.id, m.version);
        }
      }
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: USERS }, (_, u) => user(u)));
  const secs = (performance.now() - t0) / 1000;
  // Afterwards: every acknowledged write exactly once, at the version its acknowledged edits imply.
  const list = await server.request('GET', '/api/demands', { cookie: readers[0]! });
  const rows = (list.body as { demands: { id: string; version: number }[] }).demands;
  const byId = new Map<string, number>();
  let duplicates = 0;
  for (const r of rows) {
    if (byId.has(r.id)) duplicates++;
    byId.set(r.id, r.version);
  }
  let missing = 0;
  let wrongVersion = 0;
  for (const [id, v] of created) {
    if (!byId.has(id)) missing++;
    else if (byId.get(id) !== v) wrongVersion++;
  }
  const statusList = await server.request('GET', '/api/parcel-status', { cookie: readers[0]! });
  const statusRows = (statusList.body as { statuses: { id: string; version: number }[] }).statuses;
  const statusById = new Map<string, number>();
  for (const r of statusRows) {
    if (statusById.has(r.id)) duplicates++;
    statusById.set(r.id, r.version);
  }
  for (const [id, v] of statuses) {
    if (!statusById.has(id)) missing++;
    else if (statusById.get(id) !== v) wrongVersion++;
  }
  await server.close();
  latencies.sort((a, b) => a - b);
  return {
    engine,
    users: USERS,
    seconds: Math.round(secs * 10) / 10,
    requests: latencies.length,
    requests_per_s: Math.round(latencies.length / secs),
    p50_ms: Math.round(pct(latencies, 50) * 10) / 10,
    p95_ms: Math.round(pct(latencies, 95) * 10) / 10,
    p99_ms: Math.round(pct(latencies, 99) * 10) / 10,
    errors,
    acknowledged_records: created.size + statuses.size,
    acknowledged_status_edits: statuses.size,
    verified: { missing, duplicates, wrong_version: wrongVersion },
  };
}

const results = [];
for (const e of ENGINES) results.push(await run(e));
console.log(JSON.stringify(results, null, 2));
if (results.some((r) => r.verified.missing || r.verified.duplicates || r.verified.wrong_version)) process.exit(1);
