// Where the project keeps things, for every command: one place, so the CLI, the pipeline and the server agree.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export const PATHS = {
  sampleDir: join(ROOT, 'data', 'sample'),
  /** The served data folder: a link to the live release of the build store. */
  dataDir: join(ROOT, 'public', 'data'),
  policy: join(ROOT, 'data', 'policy', 'ninghai-2021-2025.json'),
  /** The county extent used when a source folder has no county.json (Ninghai, the county this is built for). */
  county: join(ROOT, 'data', 'config', 'county.json'),
  /** Builds are made and kept under here unless --store says otherwise: never under public/ or dist/. */
  storeRoot: join(ROOT, 'data', 'build'),
  /** The embedded workspace database (PGlite) when DATABASE_URL names no PostgreSQL server. */
  workspace: join(ROOT, 'data', 'workspace'),
} as const;
