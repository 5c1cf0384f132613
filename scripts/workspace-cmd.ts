// `tenglong backup FILE` and `tenglong restore FILE`: the whole workspace (shared records, their audit log, users) as
// one JSON file, and back into an empty workspace. The workspace is PostgreSQL when DATABASE_URL is set, else the
// embedded PGlite under data/workspace/ (or --workspace DIR).
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { BackupError, dumpWorkspace, parseDump, restoreWorkspace } from '../server/workspace/backup.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliCommand } from './commands.ts';
import { cliWorkspaceTarget, describeTarget, withWorkspace } from './workspace-cli.ts';

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup FILE [--workspace DIR]                        the workspace (records, audit, users) as one JSON file',
  async run(argv) {
    const flags = parseFlags('backup', argv, { workspace: 'string' }, 1);
    const file = flags.positionals[0];
    if (!file) throw new UsageError('backup needs the FILE to write');
    const t = cliWorkspaceTarget(flags.str('workspace'));
    const dump = await withWorkspace(t, (ws) => dumpWorkspace(ws.db));
    // Written beside and renamed: an interrupted backup never leaves a half file under the name asked for.
    await writeFile(`${file}.part`, JSON.stringify(dump));
    await rename(`${file}.part`, file);
    console.log(`backup of ${describeTarget(t)} written to ${file}: ${dump.records.length} records, ${dump.audit.length} audit entries, ${dump.users.length} users`);
    return 0;
  },
};

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'restore FILE [--workspace DIR]                       load a backup into an empty workspace',
  async run(argv) {
    const flags = parseFlags('restore', argv, { workspace: 'string' }, 1);
    const file = flags.positionals[0];
    if (!file) throw new UsageError('restore needs the backup FILE to read');
    if (!existsSync(file)) throw new Error(`${file}: no such file`);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    const t = cliWorkspaceTarget(flags.str('workspace'));
    try {
      const dump = parseDump(raw, file);
      const n = await withWorkspace(t, (ws) => restoreWorkspace(ws.db, dump));
      console.log(`restored ${file} into ${describeTarget(t)}: ${n.records} records, ${n.audit} audit entries, ${n.users} users`);
    } catch (e) {
      if (e instanceof BackupError) throw new Error(`restore into ${describeTarget(t)}: ${e.message}`);
      throw e;
    }
    return 0;
  },
};
