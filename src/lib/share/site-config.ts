// The prospect page's configuration (data/config/site.json): the 投促中心 contact block and how far to look
// for chain partners. Parsed strictly: a wrong type names the field and the file.
import type { Bilingual } from './partners.ts';

export interface SiteConfig {
  contact: { sample: boolean; name: Bilingual; phone: string; email: string; address: Bilingual | null };
  partners_radius_km: number;
  partners_per_chain: number;
  /** industry key → chain ids shown first for a parcel of that industry. */
  industry_chains: Record<string, string[]>;
}

function rec(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${where}: expected an object`);
  return v as Record<string, unknown>;
}
function str(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`${where}: expected a non-empty string`);
  return v;
}
function num(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new Error(`${where}: expected a number in ${min}..${max}`);
  return v;
}
function bi(v: unknown, where: string): Bilingual {
  const r = rec(v, where);
  return { zh: str(r['zh'], `${where}.zh`), en: str(r['en'], `${where}.en`) };
}

export function parseSiteConfig(raw: unknown, file: string): SiteConfig {
  const r = rec(raw, file);
  const c = rec(r['contact'], `${file}: contact`);
  const chains = rec(r['industry_chains'] ?? {}, `${file}: industry_chains`);
  const industry_chains: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(chains)) {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error(`${file}: industry_chains.${k}: expected a list of chain ids`);
    industry_chains[k] = v as string[];
  }
  return {
    contact: {
      sample: c['sample'] === true,
      name: bi(c['name'], `${file}: contact.name`),
      phone: str(c['phone'], `${file}: contact.phone`),
      email: str(c['email'], `${file}: contact.email`),
      address: c['address'] === undefined ? null : bi(c['address'], `${file}: contact.address`),
    },
    partners_radius_km: num(r['partners_radius_km'], `${file}: partners_radius_km`, 0, 200),
    partners_per_chain: Math.round(num(r['partners_per_chain'], `${file}: partners_per_chain`, 0, 100)),
    industry_chains,
  };
}
