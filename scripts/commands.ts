// Commands added by features (stats, sites, chains, bench, …). Each lives in its own file and registers here
// with one line; cli.ts dispatches to it and prints its usage line in the help text.
export interface CliCommand {
  name: string;
  /** One usage line for the help text, e.g. "stats [--area F] [--json]   statistics of an area". */
  usage: string;
  /** Returns the exit code. Throw an Error with a clear message for bad input (printed, exit 1). */
  run(argv: string[]): Promise<number>;
}

export const EXTRA_COMMANDS: CliCommand[] = [
  { name: 'stats', usage: 'stats [--area F] [--town NAME] [--park NAME] [--block ID] [--json] [--data DIR]   statistics of an area (county: + 2025 dashboard)', run: async (a) => (await import('./stats-cmd.ts')).statsCommand.run(a) },
  { name: 'sites', usage: 'sites --demand ID [--top N] [--json] [--demands F] [--area W,S,E,N] [--data DIR] [--policy F]   ranked candidate sites for a 招引需求 (--area: within a box, as the map\'s 按当前地图范围找地)', run: async (a) => (await import('./sites-cmd.ts')).sitesCommand.run(a) },
  { name: 'chains', usage: 'chains [--json] [--data DIR] [--policy F]              every chain link with its computed strength and reasons', run: async (a) => (await import('./chains-cmd.ts')).chainsCommand.run(a) },
  { name: 'inspect', usage: 'inspect PATH [--json] [--mapping F] [--encoding E] [--county F]   what a county\'s files hold and how they map to the schema', run: async (a) => (await import('./inspect-cmd.ts')).inspectCommand.run(a) },
  { name: 'backup', usage: 'backup FILE [--workspace DIR]      the workspace (shared records, audit log, users) as one JSON file', run: async (a) => (await import('./workspace-cmd.ts')).backupCommand.run(a) },
  { name: 'restore', usage: 'restore FILE [--workspace DIR]     load a backup into an empty workspace (DATABASE_URL, else data/workspace/)', run: async (a) => (await import('./workspace-cmd.ts')).restoreCommand.run(a) },
  { name: 'user', usage: 'user add NAME --role ROLE | user list [--json] | user disable NAME  [--workspace DIR]   workspace accounts (password from stdin or a prompt)', run: async (a) => (await import('./user-cmd.ts')).userCommand.run(a) },
  { name: 'publish', usage: 'publish [--preview] [--workspace DIR] [--src DIR] [--out DIR] [--store DIR] [--policy F] [--json]   the workspace\'s parcel status edits into the served data', run: async (a) => (await import('./publish-cmd.ts')).publishCommand.run(a) },
  { name: 'cases', usage: 'cases list [--town T] [--status open|closed|STAGE] [--json] [--workspace DIR] [--data DIR]   the 整治清单 (closed: 销号 or 关停退出)', run: async (a) => (await import('./campaign-cmd.ts')).casesCommand.run(a) },
  { name: 'projects', usage: 'projects list [--town T] [--status STAGE|overdue] [--json] [--workspace DIR] [--data DIR]   项目全周期 with overdue nodes', run: async (a) => (await import('./campaign-cmd.ts')).projectsCommand.run(a) },
  { name: 'blocks', usage: 'blocks list [--town T] [--status planned|in_progress|done] [--json] [--workspace DIR] [--data DIR]   一区块一方案 and how far each has come', run: async (a) => (await import('./campaign-cmd.ts')).blocksCommand.run(a) },
  { name: 'progress', usage: 'progress [--year 2021…2025|now] [--json] [--data DIR] [--policy F] [--workspace DIR]   campaign targets, 标准地履约 and 赛马 as of a year (the dashboard\'s numbers)', run: async (a) => (await import('./campaign-cmd.ts')).progressCommand.run(a) },
  { name: 'bench', usage: 'bench [rules] [--parcels N] [--naive-cap N] [--quick]   benchmarks (bench/): parcels checked per second vs a naive baseline', run: async (a) => (await import('../bench/bench-cmd.ts')).benchCommand.run(a) },
];
