// One value read from a file of the current data build, kept until the file changes: a new build swaps the folder
// public/data points at (another realpath) and a build in place rewrites the file (another mtime or size).
// Concurrent questions during a read share it; a failed read is not kept (the next question tries again); no
// file (no build yet) gives `empty`. Used for the parcel ids (parcel-ids.ts) and the search index (parcel-search.ts).
import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';

export function buildFileValue<T>(file: string, read: (path: string) => Promise<T>, empty: () => T): () => Promise<T> {
  let key: string | null = null;
  let value: Promise<T> | null = null;

  return async () => {
    if (!existsSync(file)) {
      key = null;
      value = null;
      return empty();
    }
    let k: string;
    try {
      const real = await realpath(file);
      const s = await stat(real);
      k = `${real}\0${s.mtimeMs}\0${s.size}`;
    } catch (e) {
      // Swapped away between the two calls: no build to answer from this instant; the next question reads again.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return empty();
      throw e;
    }
    if (k !== key || value === null) {
      key = k;
      const reading = read(file);
      value = reading;
      reading.catch(() => {
        if (value === reading) {
          value = null;
          key = null;
        }
      });
    }
    return value;
  };
}
