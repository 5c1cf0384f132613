// A Vite plugin that writes the basemap configuration into index.html at build time (docs/basemaps.md): it reads
// TENGLONG_BASEMAPS (a path) or data/config/basemaps.json, fills ${NAME} placeholders from the environment (keys are
// never committed), and replaces the `<script type="application/json" id="tenglong-basemaps">` block with the
// resolved JSON. An entry whose placeholder is unset is "not configured": left out, with one log line. Anything
// else malformed fails the build naming the file, the entry and the field. The app reads the block at start
// (src/app/basemaps.ts), so a built dist/index.html stays editable by hand.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger, Plugin } from 'vite';
import { resolveBasemapConfig } from '../src/lib/basemap/config.ts';
import type { ResolvedBasemapConfig } from '../src/lib/basemap/types.ts';

export { resolveBasemapConfig };

export const DEFAULT_BASEMAPS_FILE = 'data/config/basemaps.json';
const BLOCK = /<script\s+type="application\/json"\s+id="tenglong-basemaps"\s*>[\s\S]*?<\/script>/;

/** The resolved configuration as a script block's text: JSON with every `<` escaped, so no `</script>` or `<!--` ends it early. */
export function basemapsJson(resolved: ResolvedBasemapConfig): string {
  return JSON.stringify(resolved).replace(/</g, '\\u003c');
}

/** index.html with its tenglong-basemaps block holding `resolved`. Exported for tests and the e2e's dist copies. */
export function setBasemapsScript(html: string, resolved: ResolvedBasemapConfig): string {
  if (!BLOCK.test(html)) throw new Error('index.html has no <script type="application/json" id="tenglong-basemaps"> block to fill');
  const block = `<script type="application/json" id="tenglong-basemaps">${basemapsJson(resolved)}</script>`;
  return html.replace(BLOCK, () => block); // a function: a "$&" in a value stays literal
}

/** Reads, fills and checks the configuration file; throws with the file's name for a file that cannot be read. */
export function readBasemapConfig(file: string, env: Readonly<Record<string, string | undefined>>): { config: ResolvedBasemapConfig; skipped: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (e) {
    throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return resolveBasemapConfig(raw, env, file);
}

export function basemapConfig(env: NodeJS.ProcessEnv = process.env): Plugin {
  let root = process.cwd();
  let logger: Logger | null = null;
  const logged = new Set<string>();
  return {
    name: 'tenglong-basemaps',
    configResolved(config) {
      root = config.root;
      logger = config.logger;
    },
    transformIndexHtml(html) {
      const chosen = env['TENGLONG_BASEMAPS']?.trim();
      const file = chosen ? resolve(process.cwd(), chosen) : resolve(root, DEFAULT_BASEMAPS_FILE);
      const { config, skipped } = readBasemapConfig(file, env);
      for (const line of skipped) {
        if (logged.has(line)) continue; // the dev server transforms the page on every load
        logged.add(line);
        logger?.warn(line);
      }
      return setBasemapsScript(html, config);
    },
  };
}
