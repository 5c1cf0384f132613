// A Vite plugin that refuses to package what an interrupted data build may have left under public/: Vite copies
// public/ into dist/ as it is, so a stray data.tmp-<pid>/ with an internal/ folder would be served to anyone. Today's
// pipeline never writes under public/ except the data link, but earlier versions did, and a copy by hand can.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** Entries of public/ that look like build output other than the live data folder. */
export function leftoverBuildFolders(publicDir: string): string[] {
  if (!existsSync(publicDir)) return [];
  const found: string[] = [];
  for (const name of readdirSync(publicDir)) {
    if (name === 'data') continue;
    const path = join(publicDir, name);
    const looksLikeBuild =
      /^\.?data[.-](tmp|old|link|next)/.test(name) ||
      /^(tmp|current\.next)-\d+$/.test(name) ||
      (safeIsDir(path) && (existsSync(join(path, 'internal')) || existsSync(join(path, 'public', 'manifest.json')) || existsSync(join(path, 'manifest.json'))));
    if (looksLikeBuild) found.push(name);
  }
  return found;
}

function safeIsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function publicGuard(): Plugin {
  return {
    name: 'tenglong-public-guard',
    apply: 'build',
    configResolved(config) {
      const dir = config.publicDir;
      if (!dir) return;
      const found = leftoverBuildFolders(dir);
      if (found.length) {
        throw new Error(
          `refusing to build: ${found.map((n) => join(dir, n)).join(', ')} look${found.length === 1 ? 's' : ''} like a leftover data build ` +
            '(it may hold confidential internal/ data, and Vite would copy it into dist/ for anyone to fetch). Remove it; ' +
            '`npx tenglong build-data` also removes such leftovers when it runs.',
        );
      }
    },
  };
}
