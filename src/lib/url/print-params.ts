// The print page's own params. They ride in the same query as the map's (`#/print?c=…&z=…&paper=a3`), with
// keys the map does not use — except `demand`, which on the print route names the demand whose candidate
// sites a `sites` atlas prints (the map's 招商 demand is not read there). Declared like every other param
// (src/lib/url/params.ts): one definition per key, a parser never throws, a bad value falls back.
import { ORIENTATIONS, PAPERS, type Orientation, type Paper } from '../print/paper.ts';
import { FIXED_SCALES, type FixedScale } from '../print/scale.ts';
import { choiceParam, oneOf, textParam, UNSAFE_TEXT, type ParamDef, type ParamDefs } from './params.ts';

export const FIT_KINDS = ['town', 'park', 'block', 'chain'] as const;
export type FitKind = (typeof FIT_KINDS)[number];
export interface FitTarget {
  kind: FitKind;
  /** Town or park name, low-efficiency block id, or chain id (fits the parcels of that chain's firms). */
  id: string;
}

export const ATLAS_KINDS = ['none', 'block', 'park', 'sites', 'town'] as const;
export type AtlasKind = (typeof ATLAS_KINDS)[number];

/** 'campaign': the 作战图 (issue 15) — a town's or a block's map with its cases, projects and targets tables. */
export const PRINT_LAYOUTS = ['map', 'campaign'] as const;
export type PrintLayout = (typeof PRINT_LAYOUTS)[number];

export const DPI_RANGE = [72, 300] as const;
export const TEXT_MAX_CHARS = 60;
/** Candidate sites per page of a `sites` atlas: default and allowed range. */
export const SITES_TOP_DEFAULT = 10;
export const SITES_TOP_RANGE = [1, 50] as const;

export interface PrintParams {
  paper: Paper;
  orientation: Orientation;
  /** '' = the automatic title (district or block name, else the app's). */
  title: string;
  subtitle: string;
  /** Fixed scale denominator; null = the scale follows the zoom (or the fitted district). */
  scale: FixedScale | null;
  fit: FitTarget | null;
  atlas: AtlasKind;
  /** Map image resolution. 300 for print; lower only for quick drafts (and fast tests). */
  dpi: number;
  /** Demand entry (招引需求 id) whose candidate sites a `sites` atlas prints; '' = none chosen. */
  demand: string;
  /** How many ranked candidate sites a `sites` atlas prints. */
  top: number;
  /** The page's layout: the plain map, or the 作战图 (as of the map params' `year`). */
  layout: PrintLayout;
  /** The 作战图's town (a parcels' `town`), '' = none; takes precedence over `block`. */
  town: string;
  /** The 作战图's low-efficiency block id, '' = none. */
  block: string;
}

/** A name or id of at most 64 characters, trimmed, no control characters; '' = none. */
function placeParam(key: string): ParamDef<string> {
  return {
    key,
    parse(raw) {
      const s = raw.trim();
      return Array.from(s).length <= 64 && !UNSAFE_TEXT.test(s) ? s : undefined;
    },
    format: (s) => s,
    default: '',
  };
}

/** A whole number written with `digits` digits at most, within [min, max]. */
function intParam(key: string, digits: RegExp, [min, max]: readonly [number, number], fallback: number): ParamDef<number> {
  return {
    key,
    parse(raw) {
      if (!digits.test(raw)) return undefined;
      const n = Number(raw);
      return n >= min && n <= max ? n : undefined;
    },
    format: (v) => String(v),
    default: fallback,
  };
}

export const PRINT_PARAM_DEFS: ParamDefs<PrintParams> = {
  paper: choiceParam<Paper>('paper', PAPERS, 'a4'),
  orientation: choiceParam<Orientation>('orient', ORIENTATIONS, 'landscape'),
  title: textParam('title', TEXT_MAX_CHARS),
  subtitle: textParam('sub', TEXT_MAX_CHARS),
  scale: {
    key: 'scale',
    parse(raw) {
      if (raw === '') return null;
      return FIXED_SCALES.find((s) => String(s) === raw);
    },
    format: (v) => (v === null ? '' : String(v)),
    default: null,
  },
  fit: {
    key: 'fit',
    parse(raw) {
      if (raw === '') return null;
      const i = raw.indexOf(':');
      if (i < 0) return undefined;
      const kind = oneOf(FIT_KINDS, raw.slice(0, i));
      const id = raw.slice(i + 1).trim();
      if (!kind || id === '' || Array.from(id).length > 64 || UNSAFE_TEXT.test(id)) return undefined;
      return { kind, id };
    },
    format: (v) => (v === null ? '' : `${v.kind}:${v.id}`),
    default: null,
  },
  atlas: choiceParam<AtlasKind>('atlas', ATLAS_KINDS, 'none'),
  dpi: intParam('dpi', /^\d{2,3}$/, DPI_RANGE, 300),
  demand: {
    key: 'demand',
    parse(raw) {
      const s = raw.trim();
      return s.length <= 64 && !UNSAFE_TEXT.test(s) ? s : undefined;
    },
    format: (s) => s,
    default: '',
  },
  top: intParam('top', /^\d{1,2}$/, SITES_TOP_RANGE, SITES_TOP_DEFAULT),
  layout: choiceParam<PrintLayout>('layout', PRINT_LAYOUTS, 'map'),
  town: placeParam('town'),
  block: placeParam('block'),
};

/** A fresh copy of the defaults (callers may change it). */
export function defaultPrintParams(): PrintParams {
  const d = PRINT_PARAM_DEFS;
  return {
    paper: d.paper.default,
    orientation: d.orientation.default,
    title: d.title.default,
    subtitle: d.subtitle.default,
    scale: d.scale.default,
    fit: d.fit.default,
    atlas: d.atlas.default,
    dpi: d.dpi.default,
    demand: d.demand.default,
    top: d.top.default,
    layout: d.layout.default,
    town: d.town.default,
    block: d.block.default,
  };
}
