// Where builds are made and how a finished one goes live, so that whatever happens to a build (an error, Ctrl-C,
// SIGKILL, a full disk, a power cut) the served data folder is the previous complete build or the new complete build:
// never a mix, never empty, never a half-written file under anything served.
//
//   <store>/                      never served: outside public/ and dist/ (default data/build/ in the project)
//     lock                        pid of the build using this store (one build at a time)
//     tmp-<pid>/                  a build in progress; a stale one (its process gone) is removed by the next build
//     releases/<id>/              complete builds, {public, internal}/; the live one and the one before are kept
//     current -> releases/<id>    the pointer: replaced by rename(2) of a new symlink over it, which is atomic
//   <out> -> <store>/current      the served folder (public/data), a symlink made once
//
// A release is renamed into releases/ only when every file in it is written and flushed; the pointer moves only
// after that. So a reader that resolves <out> at any instant finds a complete release.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { lstat, mkdir, readdir, readlink, realpath, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { releasePidLock, takePidLock } from '../pid-lock.ts';

export class StoreError extends Error {
  override name = 'StoreError';
}

/** Pause points for the interruption test (tests/unit/build-kill.test.ts); see pauseAt. */
export type PausePoint = 'parse' | 'write-fgb' | 'release' | 'swap';

/**
 * Fault injection for the SIGKILL test, which must kill the build at exact moments rather than at random times:
 * with TENGLONG_TEST_PAUSE_AT=<point> set, the build prints "paused at <point>" on stderr there and waits to be
 * killed. Unset (always, outside that test), this is a no-op.
 */
export async function pauseAt(point: PausePoint): Promise<void> {
  if (process.env['TENGLONG_TEST_PAUSE_AT'] !== point) return;
  process.stderr.write(`paused at ${point}\n`);
  await new Promise<never>(() => setInterval(() => {}, 1 << 30));
}

/** Flushes a directory entry to disk (the rename of a release or of the pointer must survive a power cut). */
function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some filesystems refuse fsync on a directory; the rename itself is still atomic
  }
}

export interface Store {
  dir: string;
  out: string;
  /** The folder this build writes into (tmp-<pid>). */
  tmp: string;
  /** The name the build gets in releases/ (also written into its manifests). */
  releaseId: string;
  /** The live release before this build, if any (what --max-loss compares against). */
  previous: string | null;
  /** Things removed at start: stale temporary folders and legacy leftovers beside <out>. */
  cleaned: string[];
}

/** Takes the store's lock, cleans what interrupted builds left, and makes an empty tmp folder for this build. */
export async function openStore(storeDir: string, out: string): Promise<Store> {
  const dir = resolve(storeDir);
  const outAbs = resolve(out);
  if (isInside(dir, outAbs) || isInside(outAbs, dir)) {
    throw new StoreError(`the build store ${dir} must not be inside the served folder ${outAbs} (or contain it)`);
  }
  await mkdir(join(dir, 'releases'), { recursive: true });
  await takeLock(dir);
  const cleaned: string[] = [];
  try {
    for (const name of await readdir(dir)) {
      if (/^tmp-\d+$/.test(name) || /^current\.next-\d+$/.test(name)) {
        await rm(join(dir, name), { recursive: true, force: true });
        cleaned.push(join(dir, name));
      }
    }
    // Builds of earlier versions made data.tmp-<pid> / data.old-<pid> beside the served folder, i.e. inside public/,
    // where Vite copies them into dist/. They may hold internal/ data: remove them.
    const parent = dirname(outAbs);
    const base = basename(outAbs);
    for (const name of await readdir(parent).catch(() => [] as string[])) {
      if (name.startsWith(`${base}.tmp-`) || name.startsWith(`${base}.old-`) || name.startsWith(`.${base}.link-`)) {
        await rm(join(parent, name), { recursive: true, force: true });
        cleaned.push(join(parent, name));
      }
    }
    await adoptLegacyFolder(dir, outAbs);
    const tmp = join(dir, `tmp-${process.pid}`);
    await mkdir(tmp);
    const previous = await currentRelease(dir);
    return { dir, out: outAbs, tmp, releaseId: await freshReleaseId(dir), previous, cleaned };
  } catch (e) {
    await releaseLock(dir);
    throw e;
  }
}

function isInside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === '' || (!r.startsWith('..') && !r.startsWith('/'));
}

async function takeLock(dir: string): Promise<void> {
  const lock = join(dir, 'lock');
  await takePidLock(lock, (holder) =>
    holder > 0
      ? new StoreError(`another build-data (pid ${holder}) is using ${dir}; wait for it to finish (or remove ${lock} if that process is not a build)`)
      : new StoreError(`cannot take the lock ${lock}`),
  );
}

const releaseLock = (dir: string): Promise<void> => releasePidLock(join(dir, 'lock'));

/** The release `current` points at, or null before the first build. */
export async function currentRelease(dir: string): Promise<string | null> {
  try {
    return await realpath(join(dir, 'current'));
  } catch {
    return null;
  }
}

/**
 * An <out> left as a real folder by an earlier version becomes the first release (nothing lost), and <out> becomes
 * the symlink. This one-time change has a moment with no <out>; every later swap has none.
 */
async function adoptLegacyFolder(dir: string, out: string): Promise<void> {
  const st = await lstat(out).catch(() => null);
  if (!st || st.isSymbolicLink() || !st.isDirectory()) return;
  const id = `legacy-${stamp()}-${process.pid}`;
  const hasBuild = await stat(join(out, 'public', 'manifest.json')).then(() => true, () => false);
  if (hasBuild) {
    await rename(out, join(dir, 'releases', id));
    await pointAt(dir, id);
  } else {
    await rm(out, { recursive: true, force: true });
  }
  await linkOut(dir, out);
}

/**
 * `<time>-<pid>`, with a counter when this process already made a release in the same second (a server publishing
 * twice in a row: the second rename would otherwise hit the first release).
 */
async function freshReleaseId(dir: string): Promise<string> {
  const base = `${stamp()}-${process.pid}`;
  let id = base;
  for (let n = 2; await lstat(join(dir, 'releases', id)).then(() => true, () => false); n++) id = `${base}-${n}`;
  return id;
}

const stamp = (): string => new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** current -> releases/<id>, by renaming a fresh symlink over the old one (atomic on POSIX filesystems). */
async function pointAt(dir: string, id: string): Promise<void> {
  const next = join(dir, `current.next-${process.pid}`);
  await rm(next, { force: true });
  await symlink(join('releases', id), next, 'dir');
  await pauseAt('swap');
  await rename(next, join(dir, 'current'));
  fsyncDir(dir);
}

/** <out> -> <store>/current (relative, so the project folder can move). Made once; left alone when already right. */
async function linkOut(dir: string, out: string): Promise<void> {
  const target = relative(dirname(out), join(dir, 'current'));
  const st = await lstat(out).catch(() => null);
  if (st?.isSymbolicLink() && (await readlink(out)) === target) return;
  if (st && !st.isSymbolicLink()) throw new StoreError(`${out} exists and is not the data link; move it away`);
  await mkdir(dirname(out), { recursive: true });
  // Made in the store and renamed into place: a link left by a crash sits in the store, never beside <out>.
  const next = join(dir, `current.next-${process.pid}`);
  await rm(next, { force: true });
  await symlink(target, next, 'dir');
  try {
    await rename(next, out);
  } catch (e) {
    await rm(next, { force: true });
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    // Store and served folder on different filesystems: make the link beside <out> (a dot-name cleaned at start).
    const beside = join(dirname(out), `.${basename(out)}.link-${process.pid}`);
    await symlink(target, beside, 'dir');
    await rename(beside, out);
  }
  fsyncDir(dirname(out));
}

/**
 * Makes the finished tmp folder the live release: rename into releases/, move the pointer, make sure <out> links to
 * it, drop releases older than the previous one. Returns the release path.
 */
export async function publish(store: Store): Promise<string> {
  const id = store.releaseId;
  const release = join(store.dir, 'releases', id);
  await rename(store.tmp, release);
  fsyncDir(join(store.dir, 'releases'));
  await pauseAt('release');
  await pointAt(store.dir, id);
  await linkOut(store.dir, store.out);
  await prune(store.dir, [release, store.previous]);
  return release;
}

async function prune(dir: string, keep: (string | null)[]): Promise<void> {
  const keepNames = new Set(keep.filter((k): k is string => k !== null).map((k) => basename(k)));
  for (const name of await readdir(join(dir, 'releases'))) {
    if (!keepNames.has(name)) await rm(join(dir, 'releases', name), { recursive: true, force: true });
  }
}

/** Removes this build's tmp folder and lock (after a failure, or after publish). */
export async function closeStore(store: Store): Promise<void> {
  await rm(store.tmp, { recursive: true, force: true });
  await releaseLock(store.dir);
}
