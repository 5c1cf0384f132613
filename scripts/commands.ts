// Commands added by features (stats, sites, chains, bench, …). Each lives in its own file and registers here
// with one line; cli.ts dispatches to it and prints its usage line in the help text.
export interface CliCommand {
  name: string;
  /** One usage line for the help text, e.g. "stats [--area F] [--json]   statistics of an area". */
  usage: string;
  /** Returns the exit code. Throw an Error with a clear message for bad input (printed, exit 1). */
  run(argv: string[]): Promise<number>;
}

export const EXTRA_COMMANDS: CliCommand[] = [];
