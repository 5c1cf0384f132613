// `tenglong user add NAME --role ROLE`, `user list`, `user disable NAME`: the workspace's accounts. The password is
// read from stdin when it is piped (first line; for scripts and tests), else asked twice at a prompt that does not
// echo it: never from the command line, where shell history and `ps` would keep it. The workspace is PostgreSQL when
// DATABASE_URL is set, else the embedded PGlite under data/workspace/ (or --workspace DIR), as for backup/restore.
import { AccountError, addUser, disableUser, listUsers } from '../server/api/accounts.ts';
import type { Workspace, WorkspaceTarget } from '../server/workspace/open.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliCommand } from './commands.ts';
import { cliWorkspaceTarget, describeTarget, withWorkspace } from './workspace-cli.ts';

const USAGE = 'user add NAME --role admin|planner|investment|viewer | user list [--json] | user disable NAME   [--workspace DIR]';

/** The account errors of accounts.ts are messages for the user, not failures with a stack. */
const withAccounts = <T>(t: WorkspaceTarget, f: (ws: Workspace) => Promise<T>): Promise<T> =>
  withWorkspace(t, (ws) =>
    f(ws).catch((e: unknown) => {
      throw e instanceof AccountError ? new Error(e.message) : e;
    }),
  );

async function readPipedLine(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text.split(/\r?\n/, 1)[0] ?? '';
}

/** Reads one line from the terminal with echo off (raw mode; Ctrl+C aborts). */
function promptHidden(question: string): Promise<string> {
  return new Promise((ok, fail) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    let line = '';
    const done = (err: Error | null): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) fail(err);
      else ok(line);
    };
    const onData = (s: string): void => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') line = [...line].slice(0, -1).join('');
        else if (ch >= ' ') line += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(name: string): Promise<string> {
  if (!process.stdin.isTTY) return readPipedLine();
  const first = await promptHidden(`password for ${name}: `);
  const again = await promptHidden('again: ');
  if (first !== again) throw new Error('the two passwords differ: nothing was changed');
  return first;
}

export const userCommand: CliCommand = {
  name: 'user',
  usage: USAGE,
  async run(argv) {
    const flags = parseFlags('user', argv, { role: 'string', workspace: 'string', json: 'boolean' }, 2);
    const [sub, name] = flags.positionals;
    const t = cliWorkspaceTarget(flags.str('workspace'));
    if (sub === 'add') {
      const role = flags.str('role');
      if (!name || !role) throw new UsageError('user add needs a NAME and --role admin|planner|investment|viewer');
      const password = await readPassword(name);
      const a = await withAccounts(t, (ws) => addUser(ws.db, name, role, password));
      console.log(`user ${a.name} (${a.role}) added to ${describeTarget(t)}`);
      return 0;
    }
    if (sub === 'list') {
      if (name) throw new UsageError(`user list: unexpected argument "${name}"`);
      const users = await withAccounts(t, (ws) => listUsers(ws.db));
      if (flags.bool('json')) console.log(JSON.stringify(users, null, 2));
      else if (users.length === 0) console.log(`no users in ${describeTarget(t)} (add one: npx tenglong user add NAME --role admin)`);
      else for (const u of users) console.log(`${u.name}\t${u.role}${u.disabled ? '\tdisabled' : ''}\tsince ${u.created_at.slice(0, 10)}`);
      return 0;
    }
    if (sub === 'disable') {
      if (!name) throw new UsageError('user disable needs the NAME');
      await withAccounts(t, (ws) => disableUser(ws.db, name));
      console.log(`user ${name} disabled in ${describeTarget(t)}: their sessions ended, the audit log keeps their name`);
      return 0;
    }
    throw new UsageError(sub ? `user: unknown subcommand "${sub}" (add, list, disable)` : `user needs a subcommand: ${USAGE}`);
  },
};
