// The server's configuration: command-line flags over the environment over a config file over the defaults. The
// config file (data/config/server.json, or --config / TENGLONG_CONFIG) is optional; README "Running the server"
// lists every setting. A wrong value is one message naming the setting and where it came from.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseFlags, UsageError } from '../scripts/args.ts';
import { PATHS, ROOT } from '../scripts/paths.ts';
import type { WorkspaceTarget } from './workspace/open.ts';

export const USAGE = `usage: npm start -- [--port N] [--host ADDR] [--workspace DIR] [--config FILE] [--serve-internal | --no-internal]
environment: PORT (4173), HOST (127.0.0.1), DATABASE_URL (PostgreSQL; else the embedded workspace in
TENGLONG_WORKSPACE, data/workspace/), TENGLONG_SERVE_INTERNAL (login, 1/true: anyone, 0/false: nobody),
TENGLONG_TRUST_PROXY (1: behind a reverse proxy), TENGLONG_SESSION_HOURS (8), TENGLONG_DIST (dist/),
TENGLONG_DATA (public/data/), TENGLONG_SOURCE (the county's source folder for publishing; the sample county:
data/sample/), TENGLONG_CONFIG (data/config/server.json)`;

/** Who may read /data/internal/: a logged-in user (the default), anyone (a trusted network), or nobody. */
export type InternalAccess = 'login' | 'always' | 'never';

export interface ServerConfig {
  host: string;
  port: number;
  distDir: string;
  dataDir: string;
  serveInternal: InternalAccess;
  /** Where serveInternal came from, for the start-up message. */
  internalSource: string;
  workspace: WorkspaceTarget;
  trustProxy: boolean;
  sessionHours: number;
  /** The county's source folder that `publish` rebuilds the data from; null: the sample county's, if the data is the sample. */
  sourceDir: string | null;
  /** The config file read, or null when there was none. */
  configFile: string | null;
}

const FILE_KEYS = ['port', 'host', 'dist', 'data', 'source', 'workspace', 'database_url', 'serve_internal', 'trust_proxy', 'session_hours'] as const;
type FileKey = (typeof FILE_KEYS)[number];
type FileValues = Partial<Record<FileKey, string | number | boolean>>;

const DEFAULT_CONFIG_FILE = resolve(ROOT, 'data', 'config', 'server.json');

/** Reads the config file: absent is fine unless it was asked for by name; anything else wrong is an error. */
function readConfigFile(path: string, named: boolean, read: (p: string) => string): FileValues | { error: string } | null {
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !named) return null;
    return { error: `cannot read the config file ${path}: ${(e as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `${path}: not JSON (${(e as Error).message})` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: `${path}: must be a JSON object` };
  const out: FileValues = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!(FILE_KEYS as readonly string[]).includes(k)) return { error: `${path}: unknown setting "${k}" (known: ${FILE_KEYS.join(', ')})` };
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return { error: `${path}: "${k}" must be a string, number or boolean` };
    out[k as FileKey] = v;
  }
  return out;
}

/** A setting from the first source that has it: [value as text, where it came from]. */
function pick(sources: [string | number | boolean | undefined, string][], fallback: string): [string, string] {
  for (const [v, from] of sources) if (v !== undefined && v !== '') return [String(v), from];
  return [fallback, 'default'];
}

export function parseConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ServerConfig | { error: string } | 'help' {
  let flags;
  try {
    flags = parseFlags('npm start', argv, {
      port: 'string',
      host: 'string',
      workspace: 'string',
      config: 'string',
      'serve-internal': 'boolean',
      'no-internal': 'boolean',
      help: 'boolean',
    });
  } catch (e) {
    if (e instanceof UsageError) return { error: e.message };
    throw e;
  }
  if (flags.bool('help')) return 'help';

  const namedFile = flags.str('config') ?? env['TENGLONG_CONFIG'];
  const configFile = namedFile ? resolve(ROOT, namedFile) : DEFAULT_CONFIG_FILE;
  const file = readConfigFile(configFile, namedFile !== undefined, read);
  if (file !== null && 'error' in file) return file;
  const f: FileValues = file ?? {};
  const inFile = `${configFile}`;

  const [portText, portFrom] = pick([[flags.str('port'), '--port'], [env['PORT'], 'PORT'], [f.port, inFile]], '4173');
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port <= 65535)) return { error: `port must be a number from 0 to 65535 (got "${portText}" from ${portFrom})` };

  if (flags.bool('serve-internal') && flags.bool('no-internal')) return { error: '--serve-internal and --no-internal contradict each other' };
  const [internalText, internalSource] = pick(
    [
      [flags.bool('serve-internal') ? 'always' : flags.bool('no-internal') ? 'never' : undefined, flags.bool('serve-internal') ? '--serve-internal' : '--no-internal'],
      [env['TENGLONG_SERVE_INTERNAL']?.trim(), 'TENGLONG_SERVE_INTERNAL'],
      [f.serve_internal, inFile],
    ],
    'login',
  );
  const internal = ({ login: 'login', always: 'always', '1': 'always', true: 'always', never: 'never', '0': 'never', false: 'never' } as Record<string, InternalAccess>)[
    internalText.toLowerCase()
  ];
  if (!internal) return { error: `serve-internal must be login, always (1, true) or never (0, false) (got "${internalText}" from ${internalSource})` };

  const [proxyText, proxyFrom] = pick([[env['TENGLONG_TRUST_PROXY'], 'TENGLONG_TRUST_PROXY'], [f.trust_proxy, inFile]], 'false');
  if (!/^(1|0|true|false)$/i.test(proxyText)) return { error: `trust-proxy must be 1, true, 0 or false (got "${proxyText}" from ${proxyFrom})` };

  const [hoursText, hoursFrom] = pick([[env['TENGLONG_SESSION_HOURS'], 'TENGLONG_SESSION_HOURS'], [f.session_hours, inFile]], '8');
  const sessionHours = Number(hoursText);
  if (!(sessionHours > 0 && sessionHours <= 24 * 30)) return { error: `session hours must be a number above 0 and at most 720 (got "${hoursText}" from ${hoursFrom})` };

  const [databaseUrl] = pick([[env['DATABASE_URL'], 'DATABASE_URL'], [f.database_url, inFile]], '');
  const [workspaceDir] = pick([[flags.str('workspace'), '--workspace'], [env['TENGLONG_WORKSPACE'], 'TENGLONG_WORKSPACE'], [f.workspace, inFile]], PATHS.workspace);
  const [dist] = pick([[env['TENGLONG_DIST'], 'TENGLONG_DIST'], [f.dist, inFile]], 'dist');
  const [data] = pick([[env['TENGLONG_DATA'], 'TENGLONG_DATA'], [f.data, inFile]], '');
  const [source] = pick([[env['TENGLONG_SOURCE'], 'TENGLONG_SOURCE'], [f.source, inFile]], '');

  return {
    host: pick([[flags.str('host'), '--host'], [env['HOST'], 'HOST'], [f.host, inFile]], '127.0.0.1')[0],
    port,
    distDir: resolve(ROOT, dist),
    // the pipeline's live link (public/data → the current release), so a new build is served as soon as it is swapped in
    dataDir: data ? resolve(ROOT, data) : PATHS.dataDir,
    serveInternal: internal,
    internalSource,
    // --workspace on the command line wins over DATABASE_URL in the environment (flags over the environment)
    workspace: databaseUrl && !flags.has('workspace') ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dir: resolve(ROOT, workspaceDir) },
    trustProxy: /^(1|true)$/i.test(proxyText),
    sessionHours,
    sourceDir: source ? resolve(ROOT, source) : null,
    configFile: file === null ? null : configFile,
  };
}
