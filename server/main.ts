// `npm start`'s server (also `node --import tsx server/main.ts`): configuration from the environment and flags,
// then one block saying where it runs, which data it serves and whether internal/ is open.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PATHS, ROOT } from '../scripts/paths.ts';
import { isSampleData, startServer, type ServeInternal, type StartOptions } from './static.ts';

export const USAGE = `usage: npm start -- [--port N] [--host ADDR] [--serve-internal | --no-internal]
environment: PORT (4173), HOST (127.0.0.1), TENGLONG_SERVE_INTERNAL (1/true: always, 0/false: never,
unset: only the sample county), TENGLONG_DIST (dist/), TENGLONG_DATA (public/data/)`;

export type Config = Required<StartOptions> & { internalSource: string };

/** Flags win over the environment; returns a one-line message for anything it cannot use. */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv): Config | { error: string } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'serve-internal': { type: 'boolean' },
        'no-internal': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (values.help) return 'help';

  const portText = values.port ?? (env.PORT || '4173');
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port <= 65535)) return { error: `port must be a number from 0 to 65535 (got "${portText}")` };

  if (values['serve-internal'] && values['no-internal']) return { error: '--serve-internal and --no-internal contradict each other' };
  let serveInternal: ServeInternal = 'sample';
  let internalSource = 'default';
  const envInternal = (env.TENGLONG_SERVE_INTERNAL ?? '').trim().toLowerCase();
  if (values['serve-internal']) [serveInternal, internalSource] = ['always', '--serve-internal'];
  else if (values['no-internal']) [serveInternal, internalSource] = ['never', '--no-internal'];
  else if (envInternal === '1' || envInternal === 'true') [serveInternal, internalSource] = ['always', 'TENGLONG_SERVE_INTERNAL'];
  else if (envInternal === '0' || envInternal === 'false') [serveInternal, internalSource] = ['never', 'TENGLONG_SERVE_INTERNAL'];
  else if (envInternal !== '') return { error: `TENGLONG_SERVE_INTERNAL must be 1, true, 0 or false (got "${env.TENGLONG_SERVE_INTERNAL}")` };

  return {
    host: values.host ?? (env.HOST || '127.0.0.1'),
    port,
    distDir: resolve(ROOT, env.TENGLONG_DIST || 'dist'),
    // the pipeline's live link (public/data → the current release), so a new build is served as soon as it is swapped in
    dataDir: env.TENGLONG_DATA ? resolve(ROOT, env.TENGLONG_DATA) : PATHS.dataDir,
    serveInternal,
    internalSource,
  };
}

function internalLine(config: Config, sample: boolean): string {
  if (config.serveInternal === 'never') return `refused with 403 (${config.internalSource})`;
  if (config.serveInternal === 'always') return `SERVED (${config.internalSource})`;
  return sample
    ? 'served, because this is the sample county (a real data build is refused with 403 until accounts exist)'
    : 'refused with 403: not the sample county (TENGLONG_SERVE_INTERNAL=1 serves it on a trusted network)';
}

/** Starts the server and keeps it running until Ctrl+C; exits the process with a one-line message if it cannot. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = parseConfig(argv, env);
  if (config === 'help') {
    console.log(USAGE);
    return;
  }
  if ('error' in config) {
    console.error(`tenglong server: ${config.error}\n${USAGE}`);
    process.exit(2);
  }
  if (!existsSync(join(config.distDir, 'index.html'))) {
    console.error(`tenglong server: ${join(config.distDir, 'index.html')} is missing: build the app first (npm run build; npm start does it).`);
    process.exit(1);
  }
  const running = await startServer(config).catch((e: NodeJS.ErrnoException) => {
    const why =
      e.code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use: stop the other server or choose another port (PORT=${config.port + 1} npm start).`
        : `cannot listen on ${config.host}:${config.port}: ${e.message}`;
    console.error(`tenglong server: ${why}`);
    process.exit(1);
  });
  const sample = await isSampleData(config.dataDir);
  const lines = [
    '',
    `腾笼 Tenglong is running: ${running.url}`,
    `  app:      ${config.distDir}`,
    `  data:     ${config.dataDir} (${sample ? '示例数据 / sample county' : 'not marked as the sample county'}; served live: a new data build shows on reload)`,
    `  internal: ${internalLine(config, sample)}`,
  ];
  if (config.serveInternal === 'always' && !sample) {
    lines.push(
      `  WARNING: data/internal/ of real data is served without a login: confidential enterprise figures (names, tax, 亩均 grades) are readable by anyone who can reach ${new URL(running.url).host}.`,
    );
  }
  console.log([...lines, 'Press Ctrl+C to stop.'].join('\n'));

  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
