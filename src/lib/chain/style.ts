// Colours of the 招商地图: link strength in the chain diagram, one colour per link on the map.
import type { Strength } from './strength.ts';

export const STRENGTH_COLOURS: Record<Strength, string> = { strong: '#1a9850', weak: '#f39c12', missing: '#d73027' };

const LINK_PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

/** Colour of the link at position `i` (0-based, upstream first) of its chain. */
export function linkColour(i: number): string {
  return LINK_PALETTE[((i % LINK_PALETTE.length) + LINK_PALETTE.length) % LINK_PALETTE.length]!;
}

export const SITE_COLOUR = '#d62728';
export const BLOCKED_COLOUR = '#7f7f7f';
export const PARTNER_LINE_COLOUR = '#333333';
/** The dashed outline of the area a ranking looks in (按当前地图范围找地). */
export const AREA_COLOUR = '#2b6cb0';
