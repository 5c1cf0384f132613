// `tenglong publish [--preview]`: the workspace's parcel status edits into the served data (issue 14, "Publishing"),
// as the app's 发布 button does: a preview of what changes (and what prospects will see), then build-data over the
// county's sources with the edits applied, swapped in atomically. The workspace is PostgreSQL when DATABASE_URL is
// set, else the embedded PGlite under data/workspace/ (or --workspace DIR; a running server holds that one: use the
// app's button, or stop the server first).
import type { WorkspaceTarget } from '../server/workspace/open.ts';
import { PARCEL_STATUS, RecordStore } from '../server/workspace/record-store.ts';
import type { PublishPreview } from '../src/lib/workspace/parcel-status.ts';
import { parseFlags } from './args.ts';
import type { CliCommand } from './commands.ts';
import { PATHS } from './paths.ts';
import { editsOf, previewPublish, publish } from './publish.ts';
import { cliWorkspaceTarget, withWorkspace } from './workspace-cli.ts';

const FLAGS = { preview: 'boolean', workspace: 'string', src: 'string', out: 'string', store: 'string', policy: 'string', json: 'boolean' } as const;

/** The live status edits, read and the workspace closed again (a build can take minutes: no connection held). */
const readEdits = (t: WorkspaceTarget) => withWorkspace(t, async (ws) => editsOf(await new RecordStore(ws.db).list(PARCEL_STATUS)));

function previewLines(p: PublishPreview): string[] {
  const lines = [`${p.changes.length} change(s) against the live build ${p.release ?? '(none)'}:`];
  for (const c of p.changes) {
    const what = c.date === null ? `${c.from ?? '?'} → ${c.to} (edit taken back: the delivered status)` : `${c.from ?? '?'} → ${c.to}, ${c.date}, ${c.reason}`;
    lines.push(`  ${c.parcel_id}: ${what}${c.public ? '  [prospects see it]' : '  [internal]'}`);
  }
  if (p.unknown.length) lines.push(`edits naming no parcel of the live build (not applied): ${p.unknown.join(', ')}`);
  return lines;
}

export const publishCommand: CliCommand = {
  name: 'publish',
  usage: 'publish [--preview] [--workspace DIR] [--src DIR] [--out DIR] [--store DIR] [--policy F] [--json]   parcel status edits of the workspace into the served data',
  async run(argv) {
    const f = parseFlags('publish', argv, FLAGS);
    const dataDir = f.str('out') ?? PATHS.dataDir;
    const edits = await readEdits(cliWorkspaceTarget(f.str('workspace')));
    if (f.bool('preview')) {
      const p = await previewPublish(dataDir, edits);
      console.log(f.bool('json') ? JSON.stringify(p, null, 2) : previewLines(p).join('\n'));
      return 0;
    }
    const src = f.str('src');
    const store = f.str('store');
    const policy = f.str('policy');
    const { result } = await publish({
      dataDir,
      edits,
      ...(src !== undefined ? { sourceDir: src } : {}),
      ...(store !== undefined ? { store } : {}),
      ...(policy !== undefined ? { policyFile: policy } : {}),
      ...(f.bool('json') ? {} : { log: (l: string) => console.log(l) }),
    });
    if (f.bool('json')) console.log(JSON.stringify(result, null, 2));
    else {
      console.log(previewLines({ release: null, changes: result.changes, unknown: result.edits.unknown, running: null }).slice(1).join('\n'));
      console.log(`published ${dataDir} (release ${result.release}): ${result.edits.applied} status edit(s) applied, ${result.changes.length} change(s)`);
    }
    return result.edits.unknown.length > 0 || result.rejected > 0 ? 3 : 0;
  },
};
