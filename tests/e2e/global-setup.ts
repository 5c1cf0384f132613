// Starts one `vite preview` of the built app for the whole e2e run and hands its URL to the specs.
// The same server also serves tests/e2e/fixtures/ under /__e2e__/, so the harness itself can be tested
// against pages whose behaviour we control, through the same server the app specs use.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview, type Plugin } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>/` of the preview server, with a trailing slash. */
    baseURL: string;
  }
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const FIXTURE_PREFIX = '/__e2e__/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

function fixturesPlugin(): Plugin {
  return {
    name: 'tenglong-e2e-fixtures',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const pathname = (req.url ?? '').split('?')[0] ?? '';
        if (!pathname.startsWith(FIXTURE_PREFIX)) return next();
        const file = resolve(fixturesDir, `.${decodeURIComponent(pathname.slice(FIXTURE_PREFIX.length - 1))}`);
        if (!file.startsWith(fixturesDir.endsWith(sep) ? fixturesDir : fixturesDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
          res.statusCode = 404;
          res.end('not found');
          return;
        }
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
  };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // E2E_DIST_DIR lets the harness be checked before the app builds (point it at any folder with an index.html).
  const outDir = resolve(root, process.env.E2E_DIST_DIR ?? 'dist');
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(
      `e2e: ${outDir}/index.html is missing. Build first (\`npx vite build\`), or run \`npm run test:e2e\`, which does.`,
    );
  }
  const server = await preview({
    root,
    logLevel: 'warn',
    plugins: [fixturesPlugin()],
    build: { outDir },
    // port 0: the OS picks a free port, so a developer's own preview on 4173 does not collide
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address() as AddressInfo | null;
  if (address === null) throw new Error('e2e: vite preview did not start listening');
  const baseURL = `http://127.0.0.1:${address.port}/`;
  project.provide('baseURL', baseURL);
  console.log(`[e2e] serving ${outDir} at ${baseURL}`);
  return async () => {
    await server.close();
  };
}
