// `tenglong user add / list / disable` through the real binary on an embedded workspace in a temporary folder; the
// password is piped on stdin, as a script would. (spawnSync here rather than helpers/run-cli.ts: that one sends no
// stdin.) The accounts it makes log in through the API's own check.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { authenticate } from '../../server/api/accounts.ts';
import { openWorkspace } from '../../server/workspace/open.ts';

const BIN = fileURLToPath(new URL('../../bin/tenglong.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tenglong-user-cli-'));
const ws = join(dir, 'ws');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], input = '') {
  const env = { ...process.env };
  delete env['DATABASE_URL']; // --workspace is given; make sure nothing else could be chosen
  const r = spawnSync(process.execPath, [BIN, 'user', ...args], { input, encoding: 'utf8', timeout: 120_000, env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('tenglong user', () => {
  it('adds users with the password from stdin, lists them, disables one; the passwords work and are not stored', { timeout: 120_000 }, async () => {
    const a = cli(['add', '张伟', '--role', 'investment', '--workspace', ws], 'zhang-wei-password\n');
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/user 张伟 \(investment\) added/);
    expect(cli(['add', 'li.na', '--role', 'viewer', '--workspace', ws], 'li-na-password').code).toBe(0);
    const list = cli(['list', '--json', '--workspace', ws]);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { name: string; role: string; disabled: boolean }[]).map((u) => [u.name, u.role, u.disabled])).toEqual([
      ['li.na', 'viewer', false],
      ['张伟', 'investment', false],
    ]);
    const d = cli(['disable', 'li.na', '--workspace', ws]);
    expect(d.code, d.stderr).toBe(0);
    expect(cli(['list', '--workspace', ws]).stdout).toMatch(/^li\.na\tviewer\tdisabled/m);

    const w = await openWorkspace({ kind: 'pglite', dir: ws });
    try {
      expect(await authenticate(w.db, '张伟', 'zhang-wei-password')).toMatchObject({ name: '张伟', role: 'investment' });
      expect(await authenticate(w.db, '张伟', 'zhang-wei-password\n')).toBeNull(); // the newline ended the line, it is not part of it
      expect(await authenticate(w.db, 'li.na', 'li-na-password')).toBeNull(); // disabled
      const hashes = (await w.db.selectFrom('users').select('password_hash').execute()).map((u) => u.password_hash);
      expect(hashes.join(' ')).not.toMatch(/password/);
    } finally {
      await w.close();
    }
  });

  it('refuses a short password, an unknown role, a duplicate name and an unknown user, changing nothing', { timeout: 120_000 }, () => {
    const short = cli(['add', 'wang', '--role', 'admin', '--workspace', ws], 'short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 10 characters/);
    const role = cli(['add', 'wang', '--role', 'boss', '--workspace', ws], 'long-enough-pw\n');
    expect(role.code).toBe(1);
    expect(role.stderr).toMatch(/role "boss" is not one of admin, planner, investment, viewer/);
    const dup = cli(['add', '张伟', '--role', 'admin', '--workspace', ws], 'another-password\n');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/user "张伟" exists already/);
    expect(cli(['disable', 'nobody', '--workspace', ws]).stderr).toMatch(/no user "nobody"/);
    expect(cli(['list', '--workspace', ws]).stdout.trim().split('\n')).toHaveLength(2);
    expect(cli(['add', 'wang', '--workspace', ws]).code).toBe(2); // no --role: usage
    expect(cli(['frobnicate', '--workspace', ws]).code).toBe(2);
  });
});
