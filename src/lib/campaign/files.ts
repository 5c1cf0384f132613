// Where each register lives: its record kind, its delivered file under internal/ and the list key inside it, its
// API path and id — one table for the app, the server's seeding and the CLI's fallback to the files.
import { RecordFileError, recordList, validateRecords } from '../data/records.ts';
import type { PropsResult } from '../data/props.ts';
import { agreementParser, blockPlanParser, campaignCaseParser, campaignProjectParser, smallParkParser } from './parse.ts';
import type { BlockPlan, CampaignCase, CampaignProject, SmallPark, StandardLandAgreement } from './types.ts';

export interface RegisterTypes {
  case: CampaignCase;
  project: CampaignProject;
  block_plan: BlockPlan;
  small_park: SmallPark;
  standard_land: StandardLandAgreement;
}
/** A register's record kind (records.kind in the workspace). */
export type RegisterKind = keyof RegisterTypes;
export const REGISTER_KINDS: readonly RegisterKind[] = ['case', 'project', 'block_plan', 'small_park', 'standard_land'];

export interface RegisterSpec<T> {
  /** The delivered file (under internal/) and the key of its list. */
  file: string;
  key: string;
  /** The API path under /api/. */
  api: string;
  idOf: (t: T) => string;
  parse: (raw: unknown) => PropsResult<T>;
}

export const REGISTER_FILES: { [K in RegisterKind]: RegisterSpec<RegisterTypes[K]> } = {
  case: { file: 'cases.json', key: 'cases', api: 'cases', idOf: (c) => c.id, parse: campaignCaseParser() },
  project: { file: 'projects.json', key: 'projects', api: 'projects', idOf: (p) => p.id, parse: campaignProjectParser() },
  block_plan: { file: 'block-plans.json', key: 'block_plans', api: 'block-plans', idOf: (b) => b.block_id, parse: blockPlanParser() },
  small_park: { file: 'small-parks.json', key: 'small_parks', api: 'small-parks', idOf: (p) => p.id, parse: smallParkParser() },
  standard_land: { file: 'standard-land.json', key: 'agreements', api: 'standard-land', idOf: (a) => a.parcel_id, parse: agreementParser() },
};

/**
 * A delivered register file as the app and the CLI read it after the build (the build set bad records aside
 * already, so one here is an error naming the file, the record and the field).
 */
export function parseCampaignFile<K extends RegisterKind>(kind: K, raw: unknown, file: string): RegisterTypes[K][] {
  const spec = REGISTER_FILES[kind] as RegisterSpec<RegisterTypes[K]>;
  const { list } = recordList(raw, spec.key, file);
  const v = validateRecords(list, file, spec.parse, { unique: spec.idOf });
  const bad = v.rejects[0];
  if (bad) throw new RecordFileError(`${file}: record #${bad.index}${bad.id ? ` (${bad.id})` : ''}: ${bad.reason}`);
  return v.accepted;
}
