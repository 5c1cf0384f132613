// Which parcels the current data build has, for the API's check that a status edit names one (ApiOptions
// .parcelExists). Read from <dataDir>/internal/parcels-index.json on first use, streamed (ids only), and read again
// when the file changes: a new build swaps the folder public/data points at (another realpath) and a build in place
// rewrites the file (another mtime or size). Concurrent questions during a read share it.
import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { streamIds } from '../../scripts/pipeline/files.ts';

export type ParcelExists = (id: string) => Promise<boolean>;

/** `(id) => Promise<boolean>`: whether the data build in `dataDir` has a parcel `id` (no build: none). */
export function parcelIdChecker(dataDir: string): ParcelExists {
  const file = join(dataDir, 'internal', 'parcels-index.json');
  let key: string | null = null;
  let ids: Promise<Set<string>> | null = null;

  async function current(): Promise<Set<string>> {
    if (!existsSync(file)) {
      key = null;
      ids = null;
      return new Set();
    }
    let k: string;
    try {
      const real = await realpath(file);
      const s = await stat(real);
      k = `${real}\0${s.mtimeMs}\0${s.size}`;
    } catch (e) {
      // Swapped away between the two calls: no build to answer from this instant; the next question reads again.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
      throw e;
    }
    if (k !== key || ids === null) {
      key = k;
      const reading = streamIds(file);
      ids = reading;
      // A failed read is not kept: the next question tries again.
      reading.catch(() => {
        if (ids === reading) {
          ids = null;
          key = null;
        }
      });
    }
    return ids;
  }

  return async (id) => (await current()).has(id);
}
