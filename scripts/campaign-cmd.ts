// The campaign's registers from the command line (issue 15 item 7): `tenglong cases|projects|blocks list` and
// `tenglong progress`, reading the same workspace database as the server (DATABASE_URL, else data/workspace/ or
// --workspace DIR). A register the workspace has never held a record of (a fresh checkout before `npm start` seeded
// it) is read from the data build's delivered file instead, and stderr says so. `progress` builds its input with
// campaignInput() and computes with campaignProgress(), as the app's dashboard does: the same year gives the same
// numbers, and `--json` prints exactly that object.
import { resolve } from 'node:path';
import { blockProgress, CONTROL_YEARS, type BlockProgress, type YearChoice } from '../src/lib/campaign/as-of.ts';
import { campaignInput } from '../src/lib/campaign/input.ts';
import { overdueNodes } from '../src/lib/campaign/nodes.ts';
import { REGISTER_FILES, type RegisterKind as CampaignKind } from '../src/lib/campaign/files.ts';
import { campaignProgress, type CampaignProgress } from '../src/lib/campaign/progress.ts';
import { CASE_STAGES, type BlockPlan, type CampaignCase, type CampaignProject, type SmallPark, type StandardLandAgreement } from '../src/lib/campaign/types.ts';
import { PROJECT_STAGES } from '../src/lib/data/schema.ts';
import { chinaToday } from '../src/lib/workspace/parcel-status.ts';
import type { Workspace } from '../server/workspace/open.ts';
import { BLOCK_PLANS, CASES, PROJECTS, RecordStore, SMALL_PARKS, STANDARD_LAND, type RecordKind } from '../server/workspace/record-store.ts';
import { readRegisterFile } from '../server/workspace/seed.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliCommand } from './commands.ts';
import { PATHS } from './paths.ts';
import { loadCountyBase, readPolicyFile } from './stats-cmd.ts';
import { cliWorkspaceTarget, describeTarget, withWorkspace } from './workspace-cli.ts';

type Out = (line: string) => void;

/** Where a command's lines go: stdout for the answer, stderr for notes about where it came from. */
export interface CampaignIo {
  out: Out;
  note: Out;
}

const STDIO: CampaignIo = { out: (l) => process.stdout.write(l + '\n'), note: (l) => process.stderr.write(l + '\n') };

/**
 * A register's live records from the workspace; when the workspace has never held one of this kind (not even a
 * deleted one), the delivered file's records (null: no file either), with a note saying so.
 */
async function registerRecords<T>(ws: Workspace, kind: RecordKind<T>, k: CampaignKind, dataDir: string, note: Out, where: string): Promise<T[] | null> {
  const all = await new RecordStore(ws.db).list(kind, { includeDeleted: true });
  if (all.length > 0) return all.filter((r) => !r.deleted).map((r) => r.data);
  const f = REGISTER_FILES[k];
  const fromFile = (await readRegisterFile(dataDir, k)) as T[] | null;
  note(
    fromFile === null
      ? `note: the workspace (${where}) holds no ${k} records yet and ${dataDir}/internal/${f.file} is absent: none`
      : `note: the workspace (${where}) holds no ${k} records yet (the server seeds them on its first start): read ${fromFile.length} from ${dataDir}/internal/${f.file}`,
  );
  return fromFile;
}

interface Registers {
  cases: CampaignCase[] | null;
  projects: CampaignProject[] | null;
  plans: BlockPlan[] | null;
  parks: SmallPark[] | null;
  agreements: StandardLandAgreement[] | null;
}

/** The registers asked for, read in one opening of the workspace. */
async function readRegisters(workspaceDir: string | undefined, dataDir: string, which: readonly CampaignKind[], note: Out): Promise<Registers> {
  const t = cliWorkspaceTarget(workspaceDir);
  const where = describeTarget(t);
  return withWorkspace(t, async (ws) => {
    const want = (k: CampaignKind) => which.includes(k);
    return {
      cases: want('case') ? await registerRecords(ws, CASES, 'case', dataDir, note, where) : null,
      projects: want('project') ? await registerRecords(ws, PROJECTS, 'project', dataDir, note, where) : null,
      plans: want('block_plan') ? await registerRecords(ws, BLOCK_PLANS, 'block_plan', dataDir, note, where) : null,
      parks: want('small_park') ? await registerRecords(ws, SMALL_PARKS, 'small_park', dataDir, note, where) : null,
      agreements: want('standard_land') ? await registerRecords(ws, STANDARD_LAND, 'standard_land', dataDir, note, where) : null,
    };
  });
}

const LIST_FLAGS = { town: 'string', status: 'string', json: 'boolean', workspace: 'string', data: 'string' } as const;

function listFlags(command: string, argv: string[]) {
  const flags = parseFlags(command, argv, LIST_FLAGS, 1);
  const sub = flags.positionals[0];
  if (sub !== 'list') throw new UsageError(sub === undefined ? `${command} needs a subcommand: ${command} list` : `${command}: unknown subcommand "${sub}" (${command} list)`);
  return { flags, dataDir: resolve(flags.str('data') ?? PATHS.dataDir), town: flags.str('town'), status: flags.str('status') };
}

function oneOfStatus(command: string, status: string | undefined, allowed: readonly string[]): void {
  if (status !== undefined && !allowed.includes(status)) throw new UsageError(`${command}: --status must be one of ${allowed.join(', ')}; got "${status}"`);
}

const num = (n: number | null, d = 2): string => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(d));
const cell = (s: string | null | undefined): string => (s === null || s === undefined || s === '' ? '—' : s);
/** Columns on a terminal: CJK characters and full-width punctuation take two. */
const width = (s: string): number => [...s].reduce((n, ch) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const table = (rows: string[][], out: Out): void => {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, width(c))), []);
  for (const r of rows) out(r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ').trimEnd());
};

/** `--status` of `cases list`: open / closed (the case's status: 销号 or 关停退出 both close it), or a stage. */
export const CASE_LIST_STATUSES: readonly string[] = ['open', 'closed', ...CASE_STAGES.filter((s) => s !== 'closed')];

export async function runCasesList(argv: string[], io: CampaignIo = STDIO): Promise<number> {
  const { flags, dataDir, town, status } = listFlags('cases', argv);
  oneOfStatus('cases list', status, CASE_LIST_STATUSES);
  const regs = await readRegisters(flags.str('workspace'), dataDir, ['case'], io.note);
  const cases = (regs.cases ?? []).filter(
    (c) => (town === undefined || c.town === town) && (status === undefined || (status === 'open' || status === 'closed' ? c.status === status : c.stage === status)),
  );
  if (flags.bool('json')) {
    io.out(JSON.stringify(cases));
    return 0;
  }
  if (cases.length === 0) {
    io.out('no cases');
    return 0;
  }
  const rows = [['id', 'stage', 'route', 'town', 'parcel', '亩', 'firm', 'deadline', 'last step'], ...cases.map((c) => {
    const last = c.steps[c.steps.length - 1]!;
    return [c.id, c.stage, c.route, cell(c.town), c.parcel_id, num(c.area_mu), cell(c.enterprise_name ?? c.enterprise_id), cell(c.deadline), `${last.date} ${last.note}`.trim()];
  })];
  table(rows, io.out);
  io.out(`${cases.length} cases${cases.some((c) => c.sample) ? ' (示例 sample records)' : ''}`);
  return 0;
}

/** `--status` of `projects list`: a lifecycle stage, or overdue (a node past its planned day without an actual). */
export const PROJECT_LIST_STATUSES: readonly string[] = [...PROJECT_STAGES, 'overdue'];

export async function runProjectsList(argv: string[], io: CampaignIo = STDIO, today: string = chinaToday()): Promise<number> {
  const { flags, dataDir, town, status } = listFlags('projects', argv);
  oneOfStatus('projects list', status, PROJECT_LIST_STATUSES);
  const regs = await readRegisters(flags.str('workspace'), dataDir, ['project'], io.note);
  const projects = (regs.projects ?? [])
    .map((p) => ({ ...p, overdue: overdueNodes(p, today).map((n) => n.key) }))
    .filter((p) => (town === undefined || p.town === town) && (status === undefined || (status === 'overdue' ? p.overdue.length > 0 : p.stage === status)));
  if (flags.bool('json')) {
    io.out(JSON.stringify(projects));
    return 0;
  }
  if (projects.length === 0) {
    io.out('no projects');
    return 0;
  }
  const rows = [
    ['id', 'stage', 'town', 'unit', '亿元', 'name', 'overdue nodes'],
    ...projects.map((p) => [p.id, p.stage, cell(p.town), cell(p.unit), num(p.investment_100m), p.name, p.overdue.length ? p.overdue.join(', ') : '—']),
  ];
  table(rows, io.out);
  io.out(`${projects.length} projects, ${projects.filter((p) => p.overdue.length > 0).length} with overdue nodes as of ${today}`);
  return 0;
}

export const BLOCK_LIST_STATUSES: readonly string[] = ['planned', 'in_progress', 'done'];

export async function runBlocksList(argv: string[], io: CampaignIo = STDIO, today: string = chinaToday()): Promise<number> {
  const { flags, dataDir, town, status } = listFlags('blocks', argv);
  oneOfStatus('blocks list', status, BLOCK_LIST_STATUSES);
  const regs = await readRegisters(flags.str('workspace'), dataDir, ['block_plan'], io.note);
  const plans: (BlockPlan & { progress: BlockProgress })[] = (regs.plans ?? [])
    .map((p) => ({ ...p, progress: blockProgress(p, today) }))
    .filter((p) => (town === undefined || p.town === town) && (status === undefined || p.progress.status === status));
  if (flags.bool('json')) {
    io.out(JSON.stringify(plans));
    return 0;
  }
  if (plans.length === 0) {
    io.out('no block plans');
    return 0;
  }
  const rows = [
    ['block', 'status', 'milestones', 'town', 'name', 'target use', '亩'],
    ...plans.map((p) => [p.block_id, p.progress.status, `${p.progress.done}/${p.progress.total} (${(p.progress.share * 100).toFixed(0)} %)`, cell(p.town), p.name, p.target_use, num(p.area_mu)]),
  ];
  table(rows, io.out);
  io.out(`${plans.length} block plans as of ${today}, ${plans.filter((p) => p.progress.status === 'done').length} renovated`);
  return 0;
}

function yearChoice(raw: string | undefined): YearChoice {
  if (raw === undefined || raw === 'now') return 'now';
  const years: readonly number[] = CONTROL_YEARS;
  if (!/^\d{4}$/.test(raw) || !years.includes(Number(raw))) throw new UsageError(`progress: --year must be one of ${CONTROL_YEARS.join(', ')} or now; got "${raw}"`);
  return Number(raw);
}

export async function computeProgress(argv: string[], note: Out, today: string = chinaToday()): Promise<{ progress: CampaignProgress; sample: boolean; json: boolean }> {
  const flags = parseFlags('progress', argv, { year: 'string', json: 'boolean', data: 'string', policy: 'string', workspace: 'string' });
  const choice = yearChoice(flags.str('year'));
  const dataDir = resolve(flags.str('data') ?? PATHS.dataDir);
  const { policy, strength } = await readPolicyFile(flags.str('policy') ?? PATHS.policy);
  const base = await loadCountyBase(dataDir);
  const regs = await readRegisters(flags.str('workspace'), dataDir, ['case', 'project', 'block_plan', 'small_park', 'standard_land'], note);
  const input = campaignInput({
    parcels: base.parcels,
    enterprises: base.enterprises,
    blocks: base.blocks,
    policy,
    chains: base.chains && strength ? { chains: base.chains, strength } : null,
    supply: base.landSupply,
    swap: base.landSwap,
    cases: regs.cases,
    projects: regs.projects ?? [],
    plans: regs.plans,
    parks: regs.parks,
    agreements: regs.agreements,
  });
  return { progress: campaignProgress(input, choice, today), sample: base.sample, json: flags.bool('json') };
}

function printProgress(p: CampaignProgress, sample: boolean, out: Out): void {
  out(`${sample ? '示例数据 / sample data — ' : ''}进度 progress ${p.choice === 'now' ? 'now' : p.choice}, as of ${p.day}`);
  out('');
  const rows = [['指标 target', 'value', 'target', 'path', 'ahead'], ...p.rows.map((r) => {
    // Shares as percentages (the dashboard shows them so), everything else with its unit.
    const share = r.unit.en === 'share';
    const shown = (v: number | null) => (v === null ? '—' : share ? `${(v * 100).toFixed(2)} %` : `${num(v)} ${r.unit.zh}`);
    const value = r.measurable ? shown(r.value) : `— (${r.reason?.zh ?? '无法衡量'})`;
    return [`${r.label.zh} (${r.key})`, value, shown(r.target), num(r.path), r.ahead === null ? '—' : `${r.ahead >= 0 ? '+' : ''}${num(r.ahead)}`];
  })];
  table(rows, out);
  if (p.standard_land) {
    const s = p.standard_land;
    out('');
    out(`标准地履约 standard land: ${s.agreements} agreements — met ${s.met}, unmet ${s.unmet}, no data ${s.no_data}, not due ${s.not_due}`);
  }
  out('');
  out('赛马 towns:');
  table(
    [
      ['rank', 'town', 'cases closed/open', 'land freed 亩', 'energy tce', 'CO₂ t', 'projects landed', 'overdue nodes', 'on time', 'blocks done/plans', 'parks'],
      ...p.towns.map((t) => [
        String(t.rank),
        t.town,
        `${t.cases_closed}/${t.cases_open}`,
        num(t.land_freed_mu),
        num(t.energy_freed_tce),
        num(t.co2_cut_t),
        String(t.projects_landed),
        String(t.nodes_overdue),
        t.on_time === null ? '—' : `${(t.on_time * 100).toFixed(0)} %`,
        `${t.blocks_renovated}/${t.blocks}`,
        String(t.parks),
      ]),
    ],
    out,
  );
}

export async function runProgress(argv: string[], io: CampaignIo = STDIO): Promise<number> {
  const { progress, sample, json } = await computeProgress(argv, io.note);
  if (json) io.out(JSON.stringify(progress));
  else printProgress(progress, sample, io.out);
  return 0;
}

export const casesCommand: CliCommand = {
  name: 'cases',
  usage: 'cases list [--town T] [--status open|closed|STAGE] [--json] [--workspace DIR] [--data DIR]   the 整治清单 (closed: 销号 or 关停退出)',
  run: (argv) => runCasesList(argv),
};
export const projectsCommand: CliCommand = {
  name: 'projects',
  usage: 'projects list [--town T] [--status STAGE|overdue] [--json] [--workspace DIR] [--data DIR]   项目全周期 with overdue nodes',
  run: (argv) => runProjectsList(argv),
};
export const blocksCommand: CliCommand = {
  name: 'blocks',
  usage: 'blocks list [--town T] [--status planned|in_progress|done] [--json] [--workspace DIR] [--data DIR]   一区块一方案 and progress',
  run: (argv) => runBlocksList(argv),
};
export const progressCommand: CliCommand = {
  name: 'progress',
  usage: 'progress [--year 2021…2025|now] [--json] [--data DIR] [--policy F] [--workspace DIR]   the campaign targets and 赛马 as of a year',
  run: (argv) => runProgress(argv),
};
