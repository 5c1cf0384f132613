// The 作战图 print layout (issue 15 item 6): a town's or a block's map with, below it, its cases and projects as they
// stood on the year control's day, and beside it the town's row of the 赛马 (campaignProgress.towns) or the block's
// plan progress. Pure: the sheet geometry (the map frame shortened to make room for the tables band), the rows, and
// how they are split over the map sheet and continuation sheets.
import { blockProgress, type BlockProgress } from '../campaign/as-of.ts';
import { casesIn, projectsIn, type CampaignPlace, type ParcelLookup } from '../campaign/map-features.ts';
import type { TownRow } from '../campaign/progress.ts';
import type { BlockPlan, CampaignCase, CampaignProject, CaseStage, Day, ProjectNodeKey } from '../campaign/types.ts';
import type { CaseRoute, Project } from '../data/schema.ts';
import type { LayerId } from '../url/params.ts';
import { BASEMAP_NONE, BASEMAP_OFFLINE, LAYER_IDS } from '../url/params.ts';
import type { Box, PageLayout } from './paper.ts';

/** The layers a 作战图 shows: the campaign's and the blocks; 标准地 when the map showed it. */
export function campaignPrintLayers(mapLayers: readonly LayerId[]): LayerId[] {
  const always: readonly LayerId[] = ['low-efficiency', 'cases', 'projects', 'small-parks'];
  return LAYER_IDS.filter((id) => always.includes(id) || (id === 'standard-land' && mapLayers.includes(id)));
}

/** The basemap a 作战图 draws: the map's (`bm`), but never none — a campaign map always has a base (the offline one). */
export function campaignPrintBasemap(mapBasemap: string): string {
  return mapBasemap === BASEMAP_NONE ? BASEMAP_OFFLINE : mapBasemap;
}

export interface CampaignSheetLayout {
  /** The map sheet: the page layout with a shorter map frame. */
  sheet: PageLayout;
  /** The tables band below the frame on the map sheet. */
  band: Box;
  /** The tables box of a continuation sheet (under the header). */
  next: Box;
  /** Table rows (each table) that fit in the band and on a continuation sheet. */
  rowsFirst: number;
  rowsNext: number;
  /** Row height, mm. */
  rowMm: number;
}

/** Share of the plain layout's frame height the 作战图 keeps for the map. */
export const CAMPAIGN_FRAME_SHARE = 0.56;
const GAP_MM = 4;

export function campaignLayout(layout: PageLayout): CampaignSheetLayout {
  const k = layout.paper === 'a3' ? Math.SQRT2 : 1;
  const f = layout.frame;
  const frameH = Math.round(f.h * CAMPAIGN_FRAME_SHARE * 10) / 10;
  const band: Box = { x: f.x, y: f.y + frameH + GAP_MM, w: f.w, h: f.h - frameH - GAP_MM };
  const top = layout.header.y + layout.header.h + GAP_MM;
  const next: Box = { x: layout.header.x, y: top, w: layout.header.w, h: layout.page.h - top - layout.header.x };
  const rowMm = 4.4 * k;
  // a heading line and the table's head row above the rows
  const rows = (h: number) => Math.max(1, Math.floor((h - 6 * k) / rowMm) - 1);
  return { sheet: { ...layout, frame: { ...f, h: frameH } }, band, next, rowsFirst: rows(band.h), rowsNext: rows(next.h), rowMm };
}

export interface CaseRow {
  id: string;
  /** The firm's name, else its id, else null (land without a firm). */
  firm: string | null;
  route: CaseRoute;
  stage: CaseStage;
  area_mu: number;
  deadline: Day | null;
}
export interface ProjectRow {
  id: string;
  name: string;
  stage: Project['stage'];
  investment_100m: number;
  overdue: ProjectNodeKey[];
}

export interface CampaignTables {
  cases: CaseRow[];
  projects: ProjectRow[];
  /** A town page's row of the 赛马, null when the town has no records on the day (or a block page has no town). */
  town: TownRow | null;
  /** How many towns the 赛马 ranks. */
  towns: number;
  /** A block page's plan and its progress on the day (null: no plan, or a town page). */
  plan: { plan: BlockPlan; progress: BlockProgress } | null;
}

export interface CampaignTableSource {
  cases: readonly CampaignCase[];
  projects: readonly CampaignProject[];
  plans: readonly BlockPlan[];
  parcel: ParcelLookup;
  day: Day;
  /** campaignProgress(…).towns for the same day; null while it cannot be computed. */
  towns: readonly TownRow[] | null;
}

export function campaignTables(place: CampaignPlace, src: CampaignTableSource): CampaignTables {
  const cases = casesIn(src.cases, place, src.parcel, src.day).map(
    (c): CaseRow => ({ id: c.id, firm: c.enterprise_name ?? c.enterprise_id, route: c.route, stage: c.stage, area_mu: c.area_mu, deadline: c.deadline }),
  );
  const projects = projectsIn(src.projects, place, src.parcel, src.day).map(
    ({ project: p, overdue }): ProjectRow => ({ id: p.id, name: p.name, stage: p.stage, investment_100m: p.investment_100m, overdue: overdue.map((n) => n.key) }),
  );
  const planRec = place.kind === 'block' ? (src.plans.find((p) => p.block_id === place.id && p.milestones.length > 0) ?? null) : null;
  const townName = place.kind === 'town' ? place.id : (planRec?.town ?? null);
  const town = townName && src.towns ? (src.towns.find((r) => r.town === townName) ?? null) : null;
  return { cases, projects, town, towns: src.towns?.length ?? 0, plan: planRec ? { plan: planRec, progress: blockProgress(planRec, src.day) } : null };
}

export interface TableChunk {
  cases: CaseRow[];
  projects: ProjectRow[];
  /** Rows before this chunk (the first row's number − 1), per table. */
  caseOffset: number;
  projectOffset: number;
}

/** The rows split over the map sheet (`first` rows a table) and continuation sheets (`next` rows a table). */
export function splitRows(cases: readonly CaseRow[], projects: readonly ProjectRow[], first: number, next: number): TableChunk[] {
  const chunks: TableChunk[] = [];
  let at = 0;
  let size = first;
  do {
    chunks.push({ cases: cases.slice(at, at + size), projects: projects.slice(at, at + size), caseOffset: at, projectOffset: at });
    at += size;
    size = next;
  } while (at < cases.length || at < projects.length);
  return chunks;
}
