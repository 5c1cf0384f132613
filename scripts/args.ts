// The one argument parser of every `tenglong` command: node:util parseArgs in strict mode, so an unknown or misspelt
// option (`--forse`, `--zone` for `--zones`) is a usage error (exit 2) instead of being ignored while the command runs
// on its defaults, and an option missing its value is named.
import { parseArgs } from 'node:util';

/** A wrong command line: the CLI prints the message and the help, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type FlagSpec = Record<string, 'string' | 'boolean'>;

export interface Flags {
  positionals: string[];
  str(name: string): string | undefined;
  bool(name: string): boolean;
  /** A whole number ≥ `min` (default 0), or undefined when absent. */
  int(name: string, min?: number): number | undefined;
  has(name: string): boolean;
}

function optionList(spec: FlagSpec): string {
  return Object.entries(spec)
    .map(([k, t]) => (t === 'boolean' ? `--${k}` : `--${k} X`))
    .join(', ');
}

/** Parses `argv` for `command`; `maxPositionals` arguments without `--` are allowed (default none). */
export function parseFlags(command: string, argv: readonly string[], spec: FlagSpec, maxPositionals = 0): Flags {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: Object.fromEntries(Object.entries(spec).map(([k, type]) => [k, { type }])),
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    const code = (e as { code?: string }).code;
    const m = /'(-{1,2}[^' ]+)/.exec((e as Error).message);
    const opt = m?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`${command}: unknown option ${opt} (${command} takes ${optionList(spec) || 'no options'})`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = opt.replace(/^-+/, '');
      throw new UsageError(spec[name] === 'boolean' ? `${command}: ${opt} takes no value` : `${command}: ${opt} needs a value`);
    }
    throw new UsageError(`${command}: ${(e as Error).message}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(`${command}: unexpected argument "${parsed.positionals[maxPositionals]}"`);
  }
  return {
    positionals: parsed.positionals,
    str: (k) => (typeof values[k] === 'string' ? (values[k] as string) : undefined),
    bool: (k) => values[k] === true,
    has: (k) => values[k] !== undefined,
    int(k, min = 0) {
      const v = values[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${command}: --${k} must be a whole number ≥ ${min}, got "${String(v)}"`);
      return Number(v);
    },
  };
}
