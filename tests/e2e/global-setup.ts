// Starts one server of the built app for the whole e2e run — the same listener as `npm start` (server/api/node.ts:
// the app, the data with internal/ behind the login, the workspace API) over an in-memory embedded workspace seeded
// as `npm start` seeds it (demo accounts, the sample county's demands) — and hands its URL to the specs. The same
// server also serves tests/e2e/fixtures/ under /__e2e__/, so the harness itself can be tested against pages whose
// behaviour we control, and answers POST /__e2e__/reset-workspace: specs that change shared records start from the
// seeded list (spec files run one after another).
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { createSiteListener } from '../../server/api/node.ts';
import { createRequestHandler, isSampleData } from '../../server/static.ts';
import { openWorkspace } from '../../server/workspace/open.ts';
import { parcelIdChecker } from '../../server/workspace/parcel-ids.ts';
import { parcelSearcher } from '../../server/workspace/parcel-search.ts';
import { seedWorkspace } from '../../server/workspace/seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>/` of the e2e server, with a trailing slash. */
    baseURL: string;
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const FIXTURE_PREFIX = '/__e2e__/';
export const RESET_PATH = '/__e2e__/reset-workspace';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // E2E_DIST_DIR lets the harness be checked before the app builds (point it at any folder with an index.html).
  const outDir = resolve(root, process.env.E2E_DIST_DIR ?? 'dist-e2e');
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(
      `e2e: ${outDir}/index.html is missing. Build first (\`npx vite build --mode e2e --outDir dist-e2e\`), or run \`npm run test:e2e\`, which does.`,
    );
  }
  const dataDir = join(root, 'public/data');
  const workspace = await openWorkspace({ kind: 'pglite', dir: null });
  const sample = await isSampleData(dataDir);
  await seedWorkspace(workspace, dataDir, sample);
  // No publish here: it would rebuild the public/data every other spec reads (publishing is tested on its own data).
  const app = createSiteListener(workspace, { distDir: outDir, dataDir, serveInternal: 'login' }, { parcelExists: parcelIdChecker(dataDir), search: parcelSearcher(dataDir) });
  const reset = async (): Promise<void> => {
    await workspace.db.deleteFrom('audit').execute();
    await workspace.db.deleteFrom('records').execute();
    await seedWorkspace(workspace, dataDir, sample);
  };
  // Fixtures get the same path rules and content types; their folder has no data/, so /__e2e__/data/… is a 404.
  const fixtures = createRequestHandler({ distDir: fixturesDir, dataDir: join(fixturesDir, 'data'), serveInternal: 'never' });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === RESET_PATH && req.method === 'POST') {
      reset().then(
        () => res.writeHead(204).end(),
        (e: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String(e)),
      );
      return;
    }
    if (!req.url?.startsWith(FIXTURE_PREFIX)) return app(req, res);
    req.url = req.url.slice(FIXTURE_PREFIX.length - 1);
    fixtures(req, res);
  });
  // port 0: the OS picks a free port, so a developer's own server on 4173 does not collide
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const address = server.address() as AddressInfo | null;
  if (address === null) throw new Error('e2e: the server did not start listening');
  const baseURL = `http://127.0.0.1:${address.port}/`;
  project.provide('baseURL', baseURL);
  console.log(`[e2e] serving ${outDir} (data: public/data) at ${baseURL}`);
  return async () => {
    await new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    });
    // Closing PGlite runs its (Emscripten) runtime's exit, which sets process.exitCode to 0 in this, vitest's main
    // process: a run with failed specs then exited 0 and passed CI. Keep the code vitest set.
    const code = process.exitCode;
    await workspace.close();
    process.exitCode = code;
  };
}
