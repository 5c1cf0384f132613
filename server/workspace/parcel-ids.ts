// Which parcels the current data build has, for the API's check that a status edit names one (ApiOptions
// .parcelExists). Read from <dataDir>/internal/parcels-index.json on first use, streamed (ids only), and read again
// when the build changes (build-file.ts).
import { join } from 'node:path';
import { streamIds } from '../../scripts/pipeline/files.ts';
import { buildFileValue } from './build-file.ts';

export type ParcelExists = (id: string) => Promise<boolean>;

/** `(id) => Promise<boolean>`: whether the data build in `dataDir` has a parcel `id` (no build: none). */
export function parcelIdChecker(dataDir: string): ParcelExists {
  const ids = buildFileValue(join(dataDir, 'internal', 'parcels-index.json'), streamIds, () => new Set<string>());
  return async (id) => (await ids()).has(id);
}
