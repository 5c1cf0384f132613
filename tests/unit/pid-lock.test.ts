// The pid lock (scripts/pid-lock.ts) that keeps a second process off the data store and the embedded workspace:
// re-entrant for its holder, taken over from a process that is gone, refused while another live process holds it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, releasePidLock, takePidLock } from '../../scripts/pid-lock.ts';

class Busy extends Error {
  constructor(readonly holder: number) {
    super(`in use by another process (pid ${holder})`);
  }
}
const busy = (holder: number): Error => new Busy(holder);

let tmp = '';
let n = 0;
const lockPath = (): string => join(tmp, `lock-${++n}.lock`);

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'tenglong-pid-lock-'));
});
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A node process that has started and exited (and been reaped): its pid names nobody now. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid;
  await new Promise<void>((ok, fail) => {
    child.once('error', fail);
    child.once('close', () => ok());
  });
  if (pid === undefined) throw new Error('the child got no pid');
  return pid;
}

/** A node process that stays until killed; resolves once it runs. */
async function livingProcess(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ['-e', 'process.stdout.write("up"); setInterval(() => {}, 1e9)']);
  await new Promise<void>((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`the child exited (${code}) before it ran`)));
    child.stdout.once('data', () => ok());
  });
  return child as ChildProcess & { pid: number };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise<void>((ok) => child.once('close', () => ok()));
  child.kill('SIGKILL');
  await closed;
}

describe('takePidLock / releasePidLock', () => {
  test('takes a free lock, writing our pid; taking it again is fine (re-entrant)', async () => {
    const lock = lockPath();
    await takePidLock(lock, busy);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    await takePidLock(lock, busy);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    await releasePidLock(lock);
    expect(existsSync(lock)).toBe(false);
  });

  test('a lock file naming a process that is gone is taken over', async () => {
    const lock = lockPath();
    const dead = await deadPid();
    expect(alive(dead)).toBe(false);
    await writeFile(lock, String(dead));
    await takePidLock(lock, busy);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    await releasePidLock(lock);
    expect(existsSync(lock)).toBe(false);
  });

  test.each([
    ['empty', ''],
    ['not a number', 'garbage\n'],
    ['pid 0', '0'],
  ])('a lock file that names no process (%s) is taken over', async (_, content) => {
    const lock = lockPath();
    await writeFile(lock, content);
    await takePidLock(lock, busy);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    await releasePidLock(lock);
  });

  test('a lock held by another live process: the busy error naming it, and the lock stays theirs', async () => {
    const lock = lockPath();
    const other = await livingProcess();
    try {
      expect(alive(other.pid)).toBe(true);
      await writeFile(lock, `${other.pid}\n`);
      const e = await takePidLock(lock, busy).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(Busy);
      expect((e as Busy).holder).toBe(other.pid);
      expect((e as Busy).message).toBe(`in use by another process (pid ${other.pid})`);
      expect(readFileSync(lock, 'utf8')).toBe(`${other.pid}\n`);

      await releasePidLock(lock); // not ours: left alone
      expect(readFileSync(lock, 'utf8')).toBe(`${other.pid}\n`);
    } finally {
      await stop(other);
    }
    // once the holder is gone, the lock is ours to take
    expect(alive(other.pid)).toBe(false);
    await takePidLock(lock, busy);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    await releasePidLock(lock);
  });

  test('releasePidLock removes only a lock this process holds, and a missing lock is no error', async () => {
    const lock = lockPath();
    await takePidLock(lock, busy);
    await releasePidLock(lock);
    expect(existsSync(lock)).toBe(false);
    await releasePidLock(lock); // already gone

    const dead = await deadPid();
    await writeFile(lock, String(dead));
    await releasePidLock(lock); // someone else's (even a dead one's): not ours to remove
    expect(readFileSync(lock, 'utf8')).toBe(String(dead));
  });
});

describe('alive', () => {
  test('this process is alive; a finished one, pid 0, negative and non-integer pids are not', async () => {
    expect(alive(process.pid)).toBe(true);
    expect(alive(await deadPid())).toBe(false);
    expect(alive(0)).toBe(false);
    expect(alive(-1)).toBe(false);
    expect(alive(1.5)).toBe(false);
    expect(alive(Number.NaN)).toBe(false);
  });
});
