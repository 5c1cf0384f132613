// A Vite plugin that writes the data location into index.html at build time, from the environment:
// TENGLONG_DATA_URL sets `<meta name="tenglong-data-url">` (the folder holding public/), TENGLONG_INTERNAL_URL adds
// `<meta name="tenglong-internal-url">` (where internal/ lives). Unset or empty: index.html is left as written
// (content "data/", today's layout). Either way the built dist/index.html stays editable by hand: the app reads the
// tags at start (src/app/data-files.ts), so moving the data needs no rebuild. A value the app would refuse fails the
// build here, with the same message (src/lib/share/data-url.ts).
import type { Plugin } from 'vite';
import { DATA_URL_META, INTERNAL_URL_META, resolveDataUrls } from '../src/lib/share/data-url.ts';

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** index.html with the data tags set from `dataUrl` / `internalUrl` (null: leave as is). Exported for tests. */
export function setDataUrlMeta(html: string, dataUrl: string | null, internalUrl: string | null): string {
  // Checked as the app will check them (relative values against a stand-in page URL).
  resolveDataUrls(dataUrl, internalUrl, 'https://app.example.invalid/');
  let out = html;
  const tag = (name: string): RegExp => new RegExp(`<meta\\s+name="${name}"\\s+content="[^"]*"\\s*/?>`);
  if (dataUrl !== null) {
    if (!tag(DATA_URL_META).test(out)) throw new Error(`TENGLONG_DATA_URL is set but index.html has no <meta name="${DATA_URL_META}" content="…"> tag to fill`);
    const meta = `<meta name="${DATA_URL_META}" content="${escapeAttr(dataUrl.trim())}" />`;
    out = out.replace(tag(DATA_URL_META), () => meta); // a function: a "$&" in the URL stays literal
  }
  if (internalUrl !== null) {
    const meta = `<meta name="${INTERNAL_URL_META}" content="${escapeAttr(internalUrl.trim())}" />`;
    if (tag(INTERNAL_URL_META).test(out)) out = out.replace(tag(INTERNAL_URL_META), () => meta);
    else if (tag(DATA_URL_META).test(out)) out = out.replace(tag(DATA_URL_META), (m) => `${m}\n    ${meta}`);
    else throw new Error(`TENGLONG_INTERNAL_URL is set but index.html has no <meta name="${DATA_URL_META}"> tag to place it after`);
  }
  return out;
}

export function dataUrlMeta(env: NodeJS.ProcessEnv = process.env): Plugin {
  const value = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? null : v;
  };
  const dataUrl = value('TENGLONG_DATA_URL');
  const internalUrl = value('TENGLONG_INTERNAL_URL');
  return {
    name: 'tenglong-data-url',
    transformIndexHtml(html) {
      if (dataUrl === null && internalUrl === null) return html;
      try {
        return setDataUrlMeta(html, dataUrl, internalUrl);
      } catch (e) {
        throw new Error(`TENGLONG_DATA_URL / TENGLONG_INTERNAL_URL: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
  };
}
