// One definition of each colour class feeds both the map's paint expression and the legend, so the legend
// can never disagree with the map; the print page's legend (src/lib/print/legend.ts) reads the same entries.
import { GRADES, PARCEL_STATUSES } from '../data/schema.ts';
import type { MessageKey } from '../i18n/index.ts';

export const COLOUR_MODES = ['grade', 'status', 'far'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

export interface LegendEntry {
  key: string;
  label: MessageKey;
  colour: string;
}

const GRADE_COLOURS: Record<string, string> = { A: '#1a9850', B: '#91cf60', C: '#fdae61', D: '#d73027' };
const STATUS_COLOURS: Record<string, string> = {
  in_use: '#8da0cb',
  idle: '#bdbdbd',
  approved_not_supplied: '#e78ac3',
  supplied_not_used: '#fc8d62',
  used_not_full: '#ffd92f',
  built_not_operating: '#a6761d',
  operating_below_target: '#e5c494',
  under_construction: '#66c2a5',
  for_transfer: '#1f78b4',
};
const FAR_COLOURS: Record<string, string> = { ok: '#1a9850', below: '#d73027', over: '#7b3294', unknown: '#bdbdbd' };
const NONE = '#d9d9d9';

export function legendEntries(mode: ColourMode): LegendEntry[] {
  switch (mode) {
    case 'grade':
      return [
        ...GRADES.map((g) => ({ key: g, label: `grade.${g}` as MessageKey, colour: GRADE_COLOURS[g]! })),
        { key: 'none', label: 'grade.none', colour: NONE },
      ];
    case 'status':
      return PARCEL_STATUSES.map((s) => ({ key: s, label: `status.${s}` as MessageKey, colour: STATUS_COLOURS[s]! }));
    case 'far':
      return (['ok', 'below', 'over', 'unknown'] as const).map((k) => ({ key: k, label: `far.${k}` as MessageKey, colour: FAR_COLOURS[k]! }));
  }
}

/** The FAR class of a parcel, computed the same way as the map expression below (tested against each other). */
export function farClass(far: number | null, farMin: number, farMax: number | null): 'ok' | 'below' | 'over' | 'unknown' {
  if (far === null) return 'unknown';
  if (farMax !== null && far > farMax) return 'over';
  if (far < farMin) return 'below';
  return 'ok';
}

/** MapLibre expression (plain JSON, so this module stays free of MapLibre) for the fill colour. */
export function fillColourExpression(mode: ColourMode): unknown[] {
  if (mode === 'far') {
    return [
      'case',
      ['!', ['has', 'far']], FAR_COLOURS['unknown'],
      ['==', ['get', 'far'], null], FAR_COLOURS['unknown'],
      ['all', ['has', 'far_max'], ['!=', ['get', 'far_max'], null], ['>', ['get', 'far'], ['get', 'far_max']]], FAR_COLOURS['over'],
      ['<', ['get', 'far'], ['get', 'far_min']], FAR_COLOURS['below'],
      FAR_COLOURS['ok'],
    ];
  }
  const field = mode === 'grade' ? 'grade' : 'status';
  const entries = legendEntries(mode).filter((e) => e.key !== 'none');
  return ['match', ['coalesce', ['get', field], ''], ...entries.flatMap((e) => [e.key, e.colour]), NONE];
}

/** The zoom from which parcels are outlined (below it an outline would only darken the fills). */
export const PARCEL_OUTLINE_MINZOOM = 13;
export const PARCEL_OUTLINE_COLOUR = '#555';

/**
 * The parcels' outline as the fill layer's own `fill-outline-color` (a hairline drawn with the fill), not a separate
 * line layer: one bucket per tile instead of two, so a view of thousands of parcels is cut, laid out and drawn once
 * (issue 16: a zoom-14 first view at 200 000 parcels, ~20 % faster under software GL, bench/README "Ninth run").
 * Below PARCEL_OUTLINE_MINZOOM the outline takes the fill's colour, which is what MapLibre draws with no outline set.
 */
export function outlineColourExpression(mode: ColourMode): unknown[] {
  return ['step', ['zoom'], fillColourExpression(mode), PARCEL_OUTLINE_MINZOOM, PARCEL_OUTLINE_COLOUR];
}

/**
 * Fill colour of the cell aggregates drawn below the parcel zoom (src/lib/tiles/cells.ts): the colour of the class
 * holding most of a cell's 亩 under the same mode, from the same legend entries as the parcels.
 */
export function cellColourExpression(mode: ColourMode): unknown[] {
  const entries = legendEntries(mode).filter((e) => e.key !== 'none');
  return ['match', ['coalesce', ['get', `top_${mode}`], ''], ...entries.flatMap((e) => [e.key, e.colour]), NONE];
}

export const LINE_STYLE = {
  1: { colour: '#b2182b', dash: null as number[] | null, label: 'line.1' as MessageKey },
  2: { colour: '#b2182b', dash: [3, 2] as number[] | null, label: 'line.2' as MessageKey },
};
export const ZONE_STYLE = {
  central: { colour: '#7b3294', label: 'zone.central' as MessageKey },
  'adjusted-use': { colour: '#2166ac', label: 'zone.adjusted-use' as MessageKey },
};
export const LOW_EFF_STYLE = { colour: '#ff7f00', label: 'lowEff.block' as MessageKey };
