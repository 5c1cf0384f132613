// A lock file holding the pid of the process that uses something one process at a time: the data store (one
// build-data at a time) and the embedded workspace folder (PGlite is a single-process database: two servers on one
// folder would corrupt it). A lock whose holder is gone (or a zombie nobody reaped) is taken over.
import { readFileSync } from 'node:fs';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';

export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !zombie(pid);
}

/**
 * A killed process whose parent has not reaped it yet (or whose parent is a container's PID 1 that never reaps)
 * still answers kill(pid, 0), but it holds nothing: it is a zombie. Linux shows that as state Z in
 * /proc/<pid>/stat; elsewhere there is no /proc and the process counts as alive.
 */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The state follows the command name, which is in parentheses and may itself hold spaces or ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * Takes `lock` for this process; `busy(pid)` makes the error thrown while another live process holds it. Taking a
 * lock this process already holds succeeds. The lock appears with its pid already in it (written to a side file,
 * then hard-linked into place, which fails if the lock exists): nobody can read it empty and take it over. Left
 * open: two processes taking over the same STALE lock within the same instant can both succeed.
 */
export async function takePidLock(lock: string, busy: (holder: number) => Error): Promise<void> {
  const mine = `${lock}.${process.pid}`;
  await writeFile(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(mine, lock);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
        if (holder === process.pid) return;
        if (alive(holder)) throw busy(holder);
        await unlink(lock).catch(() => {});
      }
    }
    throw busy(0);
  } finally {
    await unlink(mine).catch(() => {});
  }
}

/** Removes `lock` if this process holds it. */
export async function releasePidLock(lock: string): Promise<void> {
  const holder = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
  if (holder === process.pid) await unlink(lock).catch(() => {});
}
