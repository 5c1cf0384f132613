// Parsers of the campaign registers (types.ts): what the pipeline validates the delivered files with, the server
// validates every write with, and the app checks a form with. Each reason names the field first (`field "steps[2].date"
// …`), like the layers' property parsers. A case's and a project's state follows from its dates: the parser derives
// status / opened_year / closed_year (cases) and stage (projects) instead of trusting a second copy of them.
import { caseParser, projectParser, type CaseContext, type ProjectContext } from '../data/records.ts';
import { addressableId, FieldError, oneOf, optBool, optNumber, optString, reqString, run, show, type PropsResult } from '../data/props.ts';
import { LOW_EFFICIENCY_CRITERIA, type LowEfficiencyCriterion } from '../data/schema.ts';
import { isCalendarDate } from '../workspace/parcel-status.ts';
import {
  AGREEMENT_INDICATORS,
  CASE_END_STAGES,
  CASE_STAGES,
  NODE_STAGE,
  PROJECT_NODES,
  type AgreementIndicator,
  type BlockPlan,
  type CampaignCase,
  type CampaignProject,
  type CaseCriterion,
  type CaseStage,
  type CaseStep,
  type Day,
  type ProjectNode,
  type SmallPark,
  type StandardLandAgreement,
  type TwoHighCheck,
} from './types.ts';

type Obj = Record<string, unknown>;

/** The longest note or text field, in characters. */
export const TEXT_MAX = 500;


function day(v: unknown, field: string): Day {
  if (typeof v !== 'string' || !isCalendarDate(v)) throw new FieldError(`field "${field}" must be a calendar date written YYYY-MM-DD, got ${show(v)}`);
  return v;
}
function optDay(p: Obj, k: string, field = k): Day | null {
  const v = p[k];
  if (v === undefined || v === null || v === '') return null;
  return day(v, field);
}
function text(v: unknown, field: string, required: boolean): string {
  if (v === undefined || v === null) {
    if (required) throw new FieldError(`field "${field}" is required (text), got ${show(v)}`);
    return '';
  }
  if (typeof v !== 'string') throw new FieldError(`field "${field}" must be text, got ${show(v)}`);
  const s = v.trim();
  if (required && s === '') throw new FieldError(`field "${field}" is required (text), got ${show(v)}`);
  const n = [...s].length;
  if (n > TEXT_MAX) throw new FieldError(`field "${field}" is ${n} characters long; at most ${TEXT_MAX}`);
  return s;
}
function textList(p: Obj, k: string): string[] {
  const v = p[k];
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? v.split(/[、,;；，]/) : v;
  if (!Array.isArray(list)) throw new FieldError(`field "${k}" must be a list of text, got ${show(v)}`);
  return list.map((x, i) => text(x, `${k}[${i}]`, false)).filter((s) => s !== '');
}
function list(p: Obj, k: string): unknown[] {
  const v = p[k];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldError(`field "${k}" must be a list, got ${show(v)}`);
  return v;
}
function obj(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new FieldError(`field "${field}" must be an object, got ${show(v)}`);
  return v as Obj;
}
/** Re-throws a nested field's error with its path (`steps[2].date`). */
function within<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof FieldError) throw new FieldError(e.message.replace(/^field "([^"]+)"/, `field "${path}.$1"`));
    throw e;
  }
}
function year(p: Obj, k: string, required: boolean): number | null {
  const v = p[k];
  if ((v === undefined || v === null || v === '') && !required) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1990 || v > 2100) throw new FieldError(`field "${k}" must be a whole year (1990–2100), got ${show(v)}`);
  return v;
}
const sampleFlag = (p: Obj): { sample?: true } => (p['sample'] === true ? { sample: true } : {});

function parseStep(raw: unknown, i: number): CaseStep {
  const p = obj(raw, `steps[${i}]`);
  return within(`steps[${i}]`, () => ({ date: day(p['date'], 'date'), stage: oneOf<CaseStage>(p, 'stage', CASE_STAGES), note: text(p['note'], 'note', false) }));
}

function parseCriterion(raw: unknown, i: number): CaseCriterion {
  const p = obj(raw, `criteria[${i}]`);
  return within(`criteria[${i}]`, () => ({
    criterion: oneOf<LowEfficiencyCriterion>(p, 'criterion', LOW_EFFICIENCY_CRITERIA),
    value: optNumber(p, 'value', -1e9, 1e9),
    threshold: optNumber(p, 'threshold', -1e9, 1e9),
    year: year(p, 'year', true)!,
  }));
}

function parseTwoHigh(v: unknown): TwoHighCheck | null {
  if (v === undefined || v === null) return null;
  const p = obj(v, 'two_high');
  return within('two_high', () => ({
    project: reqString(p, 'project'),
    built_year: year(p, 'built_year', true)!,
    energy_tce: optNumber(p, 'energy_tce', 0, 1e8) ?? (() => { throw new FieldError('field "energy_tce" (tce a year) is required'); })(),
    industrial_policy: optBool(p, 'industrial_policy'),
    capacity_swap: optBool(p, 'capacity_swap'),
    energy_review: optBool(p, 'energy_review'),
    environment_review: optBool(p, 'environment_review'),
    approvals: optBool(p, 'approvals'),
  }));
}

/**
 * Steps for a delivered case that has only years (cases.json before the register): one step at the end of its
 * opening year (or 2021-01-01 when the year is unknown, the campaign's start) and one at the end of its closing year,
 * each saying the day is not recorded. A year view then shows it from that year on, as the years say.
 */
function stepsFromYears(p: Obj): CaseStep[] {
  const opened = typeof p['opened_year'] === 'number' ? p['opened_year'] : null;
  const closed = typeof p['closed_year'] === 'number' ? p['closed_year'] : null;
  const status = p['status'];
  const route = p['route'];
  const openDay = opened !== null ? `${opened}-12-31` : closed !== null ? `${closed}-12-31` : '2021-01-01';
  const steps: CaseStep[] = [{ date: openDay, stage: 'filed', note: '建档日期未记录（仅有年份）' }];
  if (status === 'closed' && closed !== null) steps.push({ date: `${closed}-12-31`, stage: route === 'close' ? 'exited' : 'closed', note: '销号日期未记录（仅有年份）' });
  return steps;
}

/**
 * One case of the register. Checks, each naming its field: the delivered case's (records.ts caseParser: id, parcel,
 * route, outcome allowed by the route, area, figures) on the status and years the steps give; steps in date order,
 * none after an end; 关停退出 (exited) only for a close case; parcel_ids include parcel_id; criteria from the rules'
 * list; the deadline a date. A record without steps (a delivered file of years only) gets steps from its years.
 */
export function campaignCaseParser(ctx: CaseContext = {}): (raw: unknown) => PropsResult<CampaignCase> {
  const base = caseParser(ctx);
  return (raw) =>
    run(raw, (p) => {
      const rawSteps = list(p, 'steps');
      if (rawSteps.length === 0) {
        // A delivered case of years only: its years and status checked as they are (a closed case without its
        // closing year is refused, never turned into an open one), then made into steps.
        const legacy = base(p);
        if (!legacy.ok) throw new FieldError(legacy.reason);
      }
      const steps = rawSteps.length ? rawSteps.map(parseStep) : stepsFromYears(p);
      for (let i = 1; i < steps.length; i++) {
        if (steps[i]!.date < steps[i - 1]!.date) throw new FieldError(`field "steps[${i}].date" = ${steps[i]!.date} is before the step above it (${steps[i - 1]!.date}): steps go oldest first`);
        if (CASE_END_STAGES.includes(steps[i - 1]!.stage)) throw new FieldError(`field "steps[${i}]" follows the end of the case (${steps[i - 1]!.stage} on ${steps[i - 1]!.date}); a closed case takes no more steps`);
      }
      const last = steps[steps.length - 1]!;
      const route = p['route'];
      if (last.stage === 'exited' && route !== 'close') throw new FieldError(`field "steps[${steps.length - 1}].stage" = "exited" (关停退出) ends only a close case; this one is ${show(route)}: use "closed" (销号)`);
      const closed = CASE_END_STAGES.includes(last.stage);
      const derived: Obj = { ...p, status: closed ? 'closed' : 'open', opened_year: Number(steps[0]!.date.slice(0, 4)), closed_year: closed ? Number(last.date.slice(0, 4)) : null };
      if (!closed) derived['outcome'] = null;
      const v = base(derived);
      if (!v.ok) throw new FieldError(v.reason);
      const c = v.value;
      const extra = textList(p, 'parcel_ids');
      for (const id of extra) if (ctx.parcelIds && !ctx.parcelIds.has(id)) throw new FieldError(`field "parcel_ids" names ${show(id)}, no parcel of the parcels layer`);
      const parcel_ids = [c.parcel_id, ...extra.filter((id) => id !== c.parcel_id)];
      const deadline = optDay(p, 'deadline');
      return {
        ...c,
        enterprise_name: optString(p, 'enterprise_name'),
        parcel_ids: [...new Set(parcel_ids)],
        town: optString(p, 'town'),
        criteria: list(p, 'criteria').map(parseCriterion),
        units: textList(p, 'units'),
        deadline,
        stage: last.stage,
        steps,
        two_high: parseTwoHigh(p['two_high']),
        ...sampleFlag(p),
      };
    });
}

function parseNode(raw: unknown, i: number): ProjectNode {
  const p = obj(raw, `nodes[${i}]`);
  return within(`nodes[${i}]`, () => {
    const key = oneOf(p, 'key', PROJECT_NODES);
    const planned = optDay(p, 'planned');
    const actual = optDay(p, 'actual');
    return { key, planned, actual };
  });
}

/** The stage the latest done node puts a project in (PROJECT_NODES order decides between nodes done the same day). */
export function stageOfNodes(nodes: readonly ProjectNode[], asOf: Day | null = null): CampaignProject['stage'] | null {
  let best: ProjectNode | null = null;
  for (const n of nodes) {
    if (n.actual === null || (asOf !== null && n.actual > asOf)) continue;
    if (!best || PROJECT_NODES.indexOf(n.key) > PROJECT_NODES.indexOf(best.key)) best = n;
  }
  return best ? NODE_STAGE[best.key] : null;
}

/** One project of the register: the delivered project's checks (records.ts) plus its unit, town and nodes. */
export function campaignProjectParser(ctx: ProjectContext = {}): (raw: unknown) => PropsResult<CampaignProject> {
  const base = projectParser(ctx);
  return (raw) =>
    run(raw, (p) => {
      const nodes = list(p, 'nodes').map(parseNode);
      const seen = new Set<string>();
      nodes.forEach((n, i) => {
        if (seen.has(n.key)) throw new FieldError(`field "nodes[${i}].key" = "${n.key}" appears twice`);
        seen.add(n.key);
      });
      nodes.sort((a, b) => PROJECT_NODES.indexOf(a.key) - PROJECT_NODES.indexOf(b.key));
      const stage = stageOfNodes(nodes) ?? (p['stage'] === undefined || p['stage'] === null || p['stage'] === '' ? 'attract' : p['stage']);
      const v = base({ ...p, stage });
      if (!v.ok) throw new FieldError(v.reason);
      return { ...v.value, unit: optString(p, 'unit'), town: optString(p, 'town'), nodes, ...sampleFlag(p) };
    });
}

/** One 一区块一方案 plan: block id, target use, measures, units, area, milestones (planned dates, actual when done). */
export function blockPlanParser(ctx: { blockIds?: ReadonlySet<string> } = {}): (raw: unknown) => PropsResult<BlockPlan> {
  return (raw) =>
    run(raw, (p) => {
      const block_id = addressableId(p, 'block_id');
      if (ctx.blockIds && !ctx.blockIds.has(block_id)) throw new FieldError(`field "block_id" = ${show(block_id)} names no block of low-efficiency-blocks`);
      const area = optNumber(p, 'area_mu', 0, 1e6);
      if (area === null || area <= 0) throw new FieldError(`field "area_mu" (亩 to renovate) is required and must be > 0, got ${show(p['area_mu'])}`);
      const milestones = list(p, 'milestones').map((m, i) => {
        const q = obj(m, `milestones[${i}]`);
        return within(`milestones[${i}]`, () => ({ name: text(q['name'], 'name', true), planned: day(q['planned'], 'planned'), actual: optDay(q, 'actual') }));
      });
      if (milestones.length === 0) throw new FieldError('field "milestones" must list at least one milestone (the last is the acceptance)');
      return {
        block_id,
        name: text(p['name'], 'name', true),
        town: optString(p, 'town'),
        target_use: text(p['target_use'], 'target_use', true),
        measures: textList(p, 'measures'),
        units: textList(p, 'units'),
        area_mu: area,
        milestones,
        ...sampleFlag(p),
      };
    });
}

export function smallParkParser(): (raw: unknown) => PropsResult<SmallPark> {
  return (raw) =>
    run(raw, (p) => {
      const stars = optNumber(p, 'stars', 1, 5);
      if (stars !== null && !Number.isInteger(stars)) throw new FieldError(`field "stars" must be a whole number 1–5, got ${show(stars)}`);
      const area = optNumber(p, 'area_mu', 0, 1e6);
      if (area === null || area <= 0) throw new FieldError(`field "area_mu" (亩) is required and must be > 0, got ${show(p['area_mu'])}`);
      const lon = optNumber(p, 'lon', -180, 180);
      const lat = optNumber(p, 'lat', -90, 90);
      if (lon === null || lat === null) throw new FieldError('fields "lon" and "lat" (WGS84/CGCS2000 degrees) are required');
      return {
        id: addressableId(p),
        name: text(p['name'], 'name', true),
        town: optString(p, 'town'),
        stars,
        rated_year: year(p, 'rated_year', false),
        kind: oneOf(p, 'kind', ['built', 'upgraded'] as const),
        year: year(p, 'year', true)!,
        area_mu: area,
        occupancy: optNumber(p, 'occupancy', 0, 1),
        lon,
        lat,
        ...sampleFlag(p),
      };
    });
}

function indicatorMap(v: unknown, field: string): Partial<Record<AgreementIndicator, number>> {
  if (v === undefined || v === null) return {};
  const p = obj(v, field);
  const out: Partial<Record<AgreementIndicator, number>> = {};
  for (const k of Object.keys(p)) {
    if (!(AGREEMENT_INDICATORS as readonly string[]).includes(k)) throw new FieldError(`field "${field}.${k}" is not an agreement indicator (${AGREEMENT_INDICATORS.join(', ')})`);
    const n = within(field, () => optNumber(p, k, 0, 1e9));
    if (n !== null) out[k as AgreementIndicator] = n;
  }
  return out;
}

/** One 标准地 agreement: parcel, agreement number, date and source, contracted indicators, check dates, achieved values. */
export function agreementParser(ctx: { parcelIds?: ReadonlySet<string> } = {}): (raw: unknown) => PropsResult<StandardLandAgreement> {
  return (raw) =>
    run(raw, (p) => {
      const parcel_id = addressableId(p, 'parcel_id');
      if (ctx.parcelIds && !ctx.parcelIds.has(parcel_id)) throw new FieldError(`field "parcel_id" = ${show(parcel_id)} names no parcel of the parcels layer`);
      const contracted = indicatorMap(p['contracted'], 'contracted');
      if (Object.keys(contracted).length === 0) throw new FieldError(`field "contracted" must give at least one indicator (${AGREEMENT_INDICATORS.join(', ')})`);
      const signed = day(p['signed'], 'signed');
      const completed = optDay(p, 'completed');
      const full = optDay(p, 'full_output');
      if (completed !== null && completed < signed) throw new FieldError(`field "completed" = ${completed} is before the agreement was signed (${signed})`);
      if (full !== null && (completed === null || full < completed)) throw new FieldError(`field "full_output" = ${full} needs a "completed" day on or before it`);
      return {
        parcel_id,
        enterprise_id: optString(p, 'enterprise_id'),
        agreement_no: text(p['agreement_no'], 'agreement_no', true),
        signed,
        source: text(p['source'], 'source', true),
        contracted,
        completed,
        full_output: full,
        achieved: indicatorMap(p['achieved'], 'achieved'),
        ...sampleFlag(p),
      };
    });
}
