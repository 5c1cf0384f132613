// The side files of a county folder (chains, demands, projects, land supply, 增减挂钩, 整治 cases, enterprises), validated record
// by record like the layers' features: a bad record is set aside with its reason and the rest is kept, instead of the
// file being copied through and its garbage found later by `tenglong sites`.
import { validateDemand, type KnownLinks } from '../chain/demand-csv.ts';
import { parseLandSupplyRecord, parseLandSwapRecord } from '../rules/county-rules.ts';
import { CHAIN_ID_PATTERN } from '../url/params.ts';
import {
  CASE_OUTCOMES,
  CASE_ROUTE_OUTCOMES,
  CASE_ROUTES,
  CASE_STATUSES,
  PROJECT_STAGES,
  type CaseOutcome,
  type Chain,
  type ChainLink,
  type Demand,
  type LowEfficiencyCase,
  type Project,
} from './schema.ts';
import { addressableId, FieldError, oneOf, optBool, optNumber, optString, reqString, run, show, type PropsResult } from './props.ts';

/** A record set aside: which file, where, which id, why — and the record itself, so nothing is lost. */
export interface RecordReject {
  file: string;
  index: number;
  id: string | null;
  reason: string;
  feature: unknown;
}

export class RecordFileError extends Error {
  override name = 'RecordFileError';
}

/** The list a side file holds: a bare array or `{ <key>: [...] }` (other top-level members are kept as its head). */
export function recordList(raw: unknown, key: string, file: string): { head: Record<string, unknown>; list: unknown[] } {
  if (Array.isArray(raw)) return { head: {}, list: raw };
  if (typeof raw === 'object' && raw !== null && Array.isArray((raw as Record<string, unknown>)[key])) {
    const { [key]: list, ...head } = raw as Record<string, unknown>;
    return { head, list: list as unknown[] };
  }
  throw new RecordFileError(`${file}: expected an array or { "${key}": [...] }`);
}

const idOf = (r: unknown): string | null => {
  const id = (r as Record<string, unknown> | null)?.['id'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
};

/** Every record through `parse`; duplicate ids (when `unique`) are rejected after the first. */
export function validateRecords<T>(
  list: readonly unknown[],
  file: string,
  parse: (r: unknown) => PropsResult<T>,
  opts: { unique?: (t: T) => string } = {},
): { accepted: T[]; rejects: RecordReject[] } {
  const accepted: T[] = [];
  const rejects: RecordReject[] = [];
  const seen = new Set<string>();
  list.forEach((r, index) => {
    const v = parse(r);
    if (!v.ok) {
      rejects.push({ file, index, id: idOf(r), reason: v.reason, feature: r });
      return;
    }
    const key = opts.unique?.(v.value);
    if (key !== undefined) {
      if (seen.has(key)) {
        rejects.push({ file, index, id: key, reason: `duplicate id "${key}" (an earlier record has it)`, feature: r });
        return;
      }
      seen.add(key);
    }
    accepted.push(v.value);
  });
  return { accepted, rejects };
}

function bilingual(p: Record<string, unknown>, k: string): { zh: string; en: string } {
  const v = p[k];
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (typeof o['zh'] !== 'string' || o['zh'].trim() === '' || typeof o['en'] !== 'string' || o['en'].trim() === '') {
    throw new FieldError(`field "${k}" must be { "zh": "…", "en": "…" } with both names, got ${show(v)}`);
  }
  return { zh: o['zh'].trim(), en: o['en'].trim() };
}

function chainId(p: Record<string, unknown>, k: string): string {
  const id = reqString(p, k);
  if (!CHAIN_ID_PATTERN.test(id)) throw new FieldError(`field "${k}" = ${show(id)} may only hold letters, digits, _ and - (1–40)`);
  return id;
}

/** One chain: id, bilingual name, ≥ 1 link, each with a unique id, a bilingual name and a whole order. */
export function parseChainRecord(raw: unknown): PropsResult<Chain> {
  return run(raw, (p) => {
    const id = chainId(p, 'id');
    const name = bilingual(p, 'name');
    const links = p['links'];
    if (!Array.isArray(links) || links.length === 0) throw new FieldError(`field "links" must be a non-empty list, got ${show(links)}`);
    const seen = new Set<string>();
    const out: ChainLink[] = links.map((l, j) => {
      if (typeof l !== 'object' || l === null || Array.isArray(l)) throw new FieldError(`links[${j}] is not an object`);
      const lp = l as Record<string, unknown>;
      let lid: string;
      try {
        lid = chainId(lp, 'id');
        const order = lp['order'];
        if (typeof order !== 'number' || !Number.isInteger(order) || order < 0) throw new FieldError(`field "order" must be a whole number ≥ 0, got ${show(order)}`);
        if (seen.has(lid)) throw new FieldError(`duplicate link id "${lid}"`);
        seen.add(lid);
        return { id: lid, name: bilingual(lp, 'name'), order };
      } catch (e) {
        if (e instanceof FieldError) throw new FieldError(`links[${j}]: ${e.message}`);
        throw e;
      }
    });
    return { id, name, links: out };
  });
}

export function knownLinksOf(chains: readonly Chain[]): KnownLinks & { map: Map<string, Set<string>> } {
  const map = new Map(chains.map((c) => [c.id, new Set(c.links.map((l) => l.id))]));
  return { map, hasChain: (c) => map.has(c), has: (c, l) => map.get(c)?.has(l) ?? false };
}

export function demandParser(known?: KnownLinks): (raw: unknown) => PropsResult<Demand> {
  return (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
    const v = validateDemand(raw as Record<string, unknown>, known);
    return v.ok ? { ok: true, value: v.demand } : { ok: false, reason: v.en.join('; ') };
  };
}

export interface ProjectContext {
  parcelIds?: ReadonlySet<string>;
  enterpriseIds?: ReadonlySet<string>;
  chainIds?: ReadonlySet<string>;
  /** The links of a chain (when chains.json is known). */
  linksOf?: (chain: string) => ReadonlySet<string>;
}

/** One project: references to parcels, firms and chains must exist when those are known. */
export function projectParser(ctx: ProjectContext = {}): (raw: unknown) => PropsResult<Project> {
  return (raw) =>
    run(raw, (p) => {
      const id = reqString(p, 'id');
      const ref = (k: string, known: ReadonlySet<string> | undefined, what: string): string | null => {
        const v = optString(p, k);
        if (v !== null && known && !known.has(v)) throw new FieldError(`field "${k}" = ${show(v)} names no ${what}`);
        return v;
      };
      const stage = p['stage'];
      if (typeof stage !== 'string' || !(PROJECT_STAGES as readonly string[]).includes(stage)) {
        throw new FieldError(`field "stage" must be one of ${PROJECT_STAGES.join(', ')}, got ${show(stage)}`);
      }
      const investment = optNumber(p, 'investment_100m', 0, 1e6);
      if (investment === null) throw new FieldError('field "investment_100m" (亿元) is required');
      const chain = ref('chain', ctx.chainIds, 'chain of chains.json');
      const link = optString(p, 'link');
      if (link !== null && chain === null) throw new FieldError('field "link" is set but "chain" is not');
      if (link !== null && ctx.linksOf && !ctx.linksOf(chain!).has(link)) {
        throw new FieldError(`field "link" = ${show(link)} is not a link of chain "${chain}" (${[...ctx.linksOf(chain!)].join(', ')})`);
      }
      return {
        id,
        name: reqString(p, 'name'),
        parcel_id: ref('parcel_id', ctx.parcelIds, 'parcel of the parcels layer'),
        enterprise_id: ref('enterprise_id', ctx.enterpriseIds, 'enterprise of enterprises.json'),
        investment_100m: investment,
        stage: stage as Project['stage'],
        chain,
        link,
        manufacturing: optBool(p, 'manufacturing') ?? true,
      };
    });
}

/** Land-supply and 增减挂钩 records, one at a time (the rules module knows their fields). */
export function landSupplyParser(): (raw: unknown) => PropsResult<ReturnType<typeof parseLandSupplyRecord>> {
  return (raw) => wrap(() => parseLandSupplyRecord(raw));
}
export function landSwapParser(): (raw: unknown) => PropsResult<ReturnType<typeof parseLandSwapRecord>> {
  return (raw) => wrap(() => parseLandSwapRecord(raw));
}

function wrap<T>(f: () => T): PropsResult<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

export interface CaseContext {
  /** Parcel ids of the map: a case must name one of them when known. */
  parcelIds?: ReadonlySet<string>;
}

function optYear(p: Record<string, unknown>, k: string): number | null {
  const v = p[k];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1990 || v > 2100) throw new FieldError(`field "${k}" must be a whole year (1990–2100) or null, got ${show(v)}`);
  return v;
}

/**
 * One 低效整治 case (cases.json, schema LowEfficiencyCase). Checks, each naming its field: id usable in a link;
 * parcel_id required and, when the parcels are known, one of them; route and status from their lists; a closed case
 * has its closed_year and an outcome its route allows (CASE_ROUTE_OUTCOMES), an open one has neither; closed_year not
 * before opened_year; area_mu > 0; energy and CO₂ figures ≥ 0 or null. enterprise_id is not checked against
 * enterprises.json (a firm closed or moved away may have left it).
 */
export function caseParser(ctx: CaseContext = {}): (raw: unknown) => PropsResult<LowEfficiencyCase> {
  return (raw) =>
    run(raw, (p) => {
      const id = addressableId(p);
      const parcel = reqString(p, 'parcel_id');
      if (ctx.parcelIds && !ctx.parcelIds.has(parcel)) throw new FieldError(`field "parcel_id" = ${show(parcel)} names no parcel of the parcels layer`);
      const route = oneOf(p, 'route', CASE_ROUTES);
      const status = oneOf(p, 'status', CASE_STATUSES);
      const opened = optYear(p, 'opened_year');
      const closed = optYear(p, 'closed_year');
      const rawOutcome = p['outcome'];
      let outcome: CaseOutcome | null = null;
      if (status === 'closed') {
        if (closed === null) throw new FieldError('field "closed_year" is required when status is "closed" (the year of 合格销号)');
        if (opened !== null && closed < opened) throw new FieldError(`field "closed_year" = ${closed} is before opened_year ${opened}`);
        outcome = oneOf(p, 'outcome', CASE_OUTCOMES);
        const allowed = CASE_ROUTE_OUTCOMES[route];
        if (!allowed.includes(outcome)) throw new FieldError(`field "outcome" = ${show(outcome)} cannot end a "${route}" case (allowed: ${allowed.join(', ')})`);
      } else {
        if (closed !== null) throw new FieldError(`field "closed_year" = ${closed} is set but status is "open"`);
        if (rawOutcome !== undefined && rawOutcome !== null && rawOutcome !== '') throw new FieldError(`field "outcome" = ${show(rawOutcome)} is set but status is "open"`);
      }
      const area = optNumber(p, 'area_mu', 0, 1e6);
      if (area === null || area <= 0) throw new FieldError(`field "area_mu" (亩) is required and must be > 0, got ${show(p['area_mu'])}`);
      return {
        id,
        parcel_id: parcel,
        enterprise_id: optString(p, 'enterprise_id'),
        route,
        status,
        opened_year: opened,
        closed_year: closed,
        area_mu: area,
        outcome,
        energy_freed_tce: optNumber(p, 'energy_freed_tce', 0, 1e8),
        co2_cut_t: optNumber(p, 'co2_cut_t', 0, 1e9),
      };
    });
}

/**
 * A whole cases.json as the app and the CLI read it after the build (a list, or `{ cases: [...] }`): the build has
 * set bad records aside already, so one here is an error naming the file, the record and the field.
 */
export function parseCasesFile(raw: unknown, file = 'cases.json'): LowEfficiencyCase[] {
  const { list } = recordList(raw, 'cases', file);
  const v = validateRecords(list, file, caseParser(), { unique: (c) => c.id });
  const bad = v.rejects[0];
  if (bad) throw new RecordFileError(`${file}: record #${bad.index}${bad.id ? ` (${bad.id})` : ''}: ${bad.reason}`);
  return v.accepted;
}
