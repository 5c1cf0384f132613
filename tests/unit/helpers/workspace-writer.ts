// A process that writes demands into a workspace one after another and prints each id once its write is acknowledged
// (the transaction committed) — the victim of tests/unit/workspace-kill.test.ts, which kills it mid-stream.
// Usage: tsx workspace-writer.ts <pglite dir | postgres url> [schema]
import { openWorkspace } from '../../../server/workspace/open.ts';
import { DEMANDS, RecordStore } from '../../../server/workspace/record-store.ts';
import { demand } from './api-server.ts';

const [where, schema] = process.argv.slice(2);
if (!where) throw new Error('usage: workspace-writer <dir|url> [schema]');
const ws = await openWorkspace(where.startsWith('postgres') ? { kind: 'postgres', url: where, ...(schema ? { schema } : {}) } : { kind: 'pglite', dir: where });
const records = new RecordStore(ws.db);
process.stdout.write('ready\n');
for (let i = 1; ; i++) {
  const id = `D-K${String(i).padStart(5, '0')}`;
  await records.create(DEMANDS, demand(id, { profile: `写入 ${i}（示例）`.repeat(20) }), 'writer');
  process.stdout.write(`${id}\n`);
}
