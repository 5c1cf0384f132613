// `npm start`'s server (also `node --import tsx server/main.ts`): the built app, the data files and the workspace API
// on one port. Configuration from flags, the environment and the config file (server/config.ts); then one block
// saying where it runs, which data and workspace it uses, who may read internal/, and the demo accounts (示例).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSiteListener } from './api/node.ts';
import { parseConfig, USAGE, type ServerConfig } from './config.ts';
import { PATHS } from '../scripts/paths.ts';
import { isSampleData, listen } from './static.ts';
import { parcelIdChecker } from './workspace/parcel-ids.ts';
import { parcelSearcher } from './workspace/parcel-search.ts';
import { openWorkspace, redact, type Workspace } from './workspace/open.ts';
import { REGISTER_FILES } from '../src/lib/campaign/files.ts';
import { seedWorkspace, type SeedResult } from './workspace/seed.ts';


function internalLine(config: ServerConfig): string {
  if (config.serveInternal === 'never') return `refused with 403 (${config.internalSource})`;
  if (config.serveInternal === 'always') return `SERVED WITHOUT A LOGIN (${config.internalSource})`;
  return 'only to a logged-in user (401 otherwise)';
}

function workspaceLine(config: ServerConfig): string {
  return config.workspace.kind === 'postgres' ? `PostgreSQL ${redact(config.workspace.url)}` : `embedded (PGlite) in ${config.workspace.dir}`;
}

function fail(message: string, code = 1): never {
  console.error(`tenglong server: ${message}`);
  process.exit(code);
}

/** Starts the server and keeps it running until Ctrl+C; exits the process with a one-line message if it cannot. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = parseConfig(argv, env);
  if (config === 'help') {
    console.log(USAGE);
    return;
  }
  if ('error' in config) fail(`${config.error}\n${USAGE}`, 2);
  if (!existsSync(join(config.distDir, 'index.html'))) {
    fail(`${join(config.distDir, 'index.html')} is missing: build the app first (npm run build; npm start does it).`);
  }

  let workspace: Workspace;
  try {
    workspace = await openWorkspace(config.workspace);
  } catch (e) {
    fail(`cannot open the workspace (${workspaceLine(config)}): ${e instanceof Error ? e.message : String(e)}`);
  }
  const sample = await isSampleData(config.dataDir);
  let seeded: SeedResult;
  try {
    seeded = await seedWorkspace(workspace, config.dataDir, sample);
  } catch (e) {
    await workspace.close();
    fail(`cannot prepare the workspace from ${config.dataDir}: ${e instanceof Error ? e.message : String(e)}`);
  }

  // Publishing rebuilds the served data from the county's sources: never guessed for real data (rebuilding a real
  // county from the sample folder would replace it), so only the sample county has a default source.
  const sourceDir = config.sourceDir ?? (sample ? PATHS.sampleDir : null);
  const listener = createSiteListener(
    workspace,
    { distDir: config.distDir, dataDir: config.dataDir, serveInternal: config.serveInternal },
    {
      trustProxy: config.trustProxy,
      sessionMaxAgeSeconds: Math.round(config.sessionHours * 3600),
      parcelExists: parcelIdChecker(config.dataDir),
      search: parcelSearcher(config.dataDir),
      ...(sourceDir ? { publish: { dataDir: config.dataDir, sourceDir } } : {}),
    },
  );
  const running = await listen(listener, config.host, config.port).catch(async (e: NodeJS.ErrnoException) => {
    await workspace.close();
    fail(
      e.code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use: stop the other server or choose another port (PORT=${config.port + 1} npm start).`
        : `cannot listen on ${config.host}:${config.port}: ${e.message}`,
    );
  });

  const lines = [
    '',
    `腾笼 Tenglong is running: ${running.url}`,
    `  app:       ${config.distDir}`,
    `  data:      ${config.dataDir} (${sample ? '示例数据 / sample county' : 'not marked as the sample county'}; served live: a new data build shows on reload)`,
    `  workspace: ${workspaceLine(config)}${seededLine(seeded)}`,
    `  internal:  ${internalLine(config)}`,
  ];
  lines.push(`  publish:   ${sourceDir ? `rebuilds ${config.dataDir} from ${sourceDir} with the workspace's parcel status edits` : 'not configured (set TENGLONG_SOURCE to the county\'s source folder)'}`);
  if (config.configFile) lines.push(`  config:    ${config.configFile}`);
  if (config.serveInternal === 'always' && !sample) {
    lines.push(
      `  WARNING: data/internal/ of real data is served without a login: confidential enterprise figures (names, tax, 亩均 grades) are readable by anyone who can reach ${new URL(running.url).host}.`,
    );
  }
  if (seeded.disabledDemo.length > 0) {
    lines.push(`  demo accounts disabled (the data is not the sample county and their passwords are public): ${seeded.disabledDemo.join(', ')}`);
  }
  if (seeded.demoAccounts.length > 0) {
    lines.push('  demo accounts (示例, sample county only; README lists them too):');
    for (const a of seeded.demoAccounts) lines.push(`    ${a.name.padEnd(16)} ${a.role.padEnd(11)} password ${a.password}`);
  }

  const stop = (): void => {
    running
      .close()
      .catch(() => undefined)
      .then(() => workspace.close())
      .then(
        () => process.exit(0),
        () => process.exit(0),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log([...lines, 'Press Ctrl+C to stop.'].join('\n')); // after the handlers: a Ctrl+C right after this line must close the workspace
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}

/** What this start imported into the workspace from the data build's internal files (nothing: empty). */
function seededLine(s: SeedResult): string {
  const parts = [
    s.demands ? `${s.demands} demands imported from internal/demands.json` : '',
    ...(Object.entries(s.registers) as [keyof SeedResult['registers'], number][]).map(([kind, n]) => (n ? `${n} ${kind} records from internal/${REGISTER_FILES[kind].file}` : '')),
  ].filter((p) => p !== '');
  return parts.length ? ` (${parts.join('; ')})` : '';
}
