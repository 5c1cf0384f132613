// Shared by the site*/share* specs: the internal data read straight from the served folder (Node fs, never
// through the page), the confidential values formatted the ways the UI formats numbers, and a second static
// deployment (a copy of the build, e.g. without data/internal) served by the project's server on its own port.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../server/static.ts';
import { readAllFgb } from '../../src/lib/data/fgb-read.ts';
import type { AreaGeometry } from '../../src/lib/data/schema.ts';
import { readShardEntry, shardFile, shardOf } from '../../src/lib/data/id-shard.ts';
import { pointInPolygon } from '../../src/lib/geo/predicates.ts';
import { PARTNERS_FILE, partnersFromFeatures, partnersWithin } from '../../src/lib/share/partners.ts';
import { parseSiteConfig } from '../../src/lib/share/site-config.ts';
import { formatNumber } from '../../src/lib/i18n/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const distDir = resolve(root, process.env.E2E_DIST_DIR ?? 'dist-e2e');

export interface InternalParcel {
  id: string;
  name: string;
  enterprise_id: string | null;
  zone: string;
  [k: string]: unknown;
}
export interface InternalFirm {
  id: string;
  name: string;
  credit_code: string;
  chain: string | null;
  grade: string | null;
  indicators: Record<string, number> | null;
  [k: string]: unknown;
}

export function loadInternal(dir = distDir): { parcels: InternalParcel[]; firms: InternalFirm[] } {
  const parcels = readAllFgb(new Uint8Array(readFileSync(join(dir, 'data/internal/parcels.fgb')))).map((f) => f.properties as InternalParcel);
  const firms = (JSON.parse(readFileSync(join(dir, 'data/internal/enterprises.json'), 'utf8')) as { enterprises: InternalFirm[] }).enterprises;
  return { parcels, firms };
}

/**
 * The partners a site page must list, computed here from the whole public files (the page reads only the box around
 * its parcel, by ranges): the parcel's point from its id shard, every partner off the parcel, then the page's own
 * selection (partnersWithin with data/config/site.json), in order. `expected(id)`: names and distances; `farthest()`:
 * of every tenth public parcel, the one whose list reaches farthest (a page that read too small a box would miss it).
 */
export function partnerExpectations(dir = distDir): { expected(id: string): { name: string; km: number }[]; farthest(): string; radiusKm: number } {
  const pub = join(dir, 'data/public');
  const manifest = JSON.parse(readFileSync(join(pub, 'manifest.json'), 'utf8')) as { layers: { parcels: { ids: { shards: number } } } };
  const parcels = new Map(readAllFgb(new Uint8Array(readFileSync(join(pub, 'parcels.fgb')))).map((f) => [String(f.properties['id']), f]));
  const partners = partnersFromFeatures(readAllFgb(new Uint8Array(readFileSync(join(pub, PARTNERS_FILE)))), null);
  const config = parseSiteConfig(JSON.parse(readFileSync(join(root, 'data/config/site.json'), 'utf8')), 'data/config/site.json');
  const expected = (id: string) => {
    const entry = readShardEntry(JSON.parse(readFileSync(join(pub, shardFile(shardOf(id, manifest.layers.parcels.ids.shards))), 'utf8')), id);
    const parcel = parcels.get(id);
    if (!entry || !parcel) throw new Error(`${id}: not in the public files`);
    const geometry = parcel.geometry as AreaGeometry;
    const off = partners.filter((q) => !pointInPolygon([q.lon, q.lat], geometry));
    const prefer = config.industry_chains[String(parcel.properties['industry'] ?? '')] ?? [];
    return partnersWithin(entry.point, off, config.partners_radius_km, config.partners_per_chain, prefer).flatMap((g) => g.partners.map((q) => ({ name: q.name, km: q.km })));
  };
  const farthest = () => {
    const ids = [...parcels.keys()].sort().filter((_, i) => i % 10 === 0);
    const reach = new Map(ids.map((id) => [id, Math.max(0, ...expected(id).map((q) => q.km))]));
    return ids.reduce((best, id) => (reach.get(id)! > reach.get(best)! ? id : best));
  };
  return { expected, farthest, radiusKm: config.partners_radius_km };
}

export function loadPartnerNames(dir = distDir): Set<string> {
  const features = readAllFgb(new Uint8Array(readFileSync(join(dir, `data/public/${PARTNERS_FILE}`))));
  return new Set(partnersFromFeatures(features, null).map((p) => p.name));
}

const FIRM_FIGURES = ['tax_10k', 'value_added_10k', 'revenue_10k', 'rd_10k', 'energy_tce', 'emissions_t', 'co2_t', 'employees', 'score', 'land_mu'];
const PARCEL_FIGURES = ['mujun_tax', 'mujun_va', 'score', 'far', 'floor_area_m2', 'height_m'];

/** Significant digits of a number as written (grouping commas and leading zeros do not count). */
export function significantDigits(token: string): number {
  return token.replace(/[^\d]/g, '').replace(/^0+/, '').length;
}

/**
 * Every confidential figure of every firm and parcel, written the ways the UI writes numbers (formatNumber
 * with 0, 1 and 2 decimals in zh and en, and the raw JSON form), keeping only tokens of at least 3
 * significant digits: "4" or "0.5" would match a page by accident, "1,234.5" or "38.27" would not.
 */
export function confidentialTokens(parcels: InternalParcel[], firms: InternalFirm[]): Map<string, string> {
  const out = new Map<string, string>();
  // formatNumber builds a new Intl formatter per call (≈ 1 ms); the same options through cached formatters
  // are checked against it below, so the tokens are exactly what the UI would print.
  const formats = (['zh', 'en'] as const).flatMap((lang) =>
    [0, 1, 2].map((d) => ({ lang, d, f: new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: d, maximumFractionDigits: d }) })),
  );
  let checked = 0;
  const add = (v: unknown, what: string): void => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return;
    const variants = [String(v)];
    for (const { lang, d, f } of formats) {
      const s = f.format(v);
      if (checked++ < 60 && s !== formatNumber(lang, v, d)) throw new Error(`formatter mismatch for ${v}: ${s} vs ${formatNumber(lang, v, d)}`);
      variants.push(s);
    }
    for (const s of variants) if (significantDigits(s) >= 3 && !out.has(s)) out.set(s, what);
  };
  for (const f of firms) {
    for (const k of FIRM_FIGURES) add(f[k], `${f.id}.${k}`);
    for (const [k, v] of Object.entries(f.indicators ?? {})) add(v, `${f.id}.indicators.${k}`);
  }
  for (const p of parcels) for (const k of PARCEL_FIGURES) add(p[k], `${p.id}.${k}`);
  return out;
}

/** Numbers as they appear in text: digits with optional grouping commas and decimals. */
export function numericTokens(text: string): string[] {
  // Hex digests (the data source hash in the footer, e.g. "695a770c19fb") are not figures: drop them first, or
  // their digit runs would read as numbers and match a firm's figure by chance.
  const withoutHashes = text.replace(/\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\b/g, ' ');
  return withoutHashes.match(/\d[\d,]*(?:\.\d+)?/g) ?? [];
}

/** Grade words as the UI writes a firm's grade (t('grade.X'), the card's label) in both languages. */
export const GRADE_WORDS = /[ABCD] 类|Grade [ABCD]|亩均等级|等级|Per-mu grade|\bgrade\b|亩均税收|亩均增加值|综合得分/i;

export interface Deployment {
  url: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * Copies the build (`distDir`) into a temp folder, lets `prepare` change it (remove data/internal, swap in
 * other data), and serves it with the project's server (server/static.ts) on a free port, internal/ included.
 * `forbidInternal` answers 403 under /data/internal/ the way a server without a login (or nginx auth_basic)
 * refuses an anonymous browser.
 */
export async function deploy(prepare: (dir: string) => void | Promise<void>, opts: { forbidInternal?: boolean } = {}): Promise<Deployment> {
  const dir = mkdtempSync(join(tmpdir(), 'tenglong-deploy-'));
  cpSync(distDir, dir, { recursive: true });
  await prepare(dir);
  const server = await startServer({ distDir: dir, dataDir: join(dir, 'data'), serveInternal: opts.forbidInternal ? 'never' : 'always', port: 0 });
  return {
    url: server.url,
    dir,
    async close() {
      await server.close();
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
