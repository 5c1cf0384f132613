// The rule layers one check needs, without the whole layers (issue 16: a card must not grow with the territory). The
// rules only relate a parcel to zones and control lines (relate.ts): a feature whose box misses the parcel's box has no
// relation to it, so the features meeting that box — read from the indexed FlatGeobuf files by their R-tree — give the
// same verdict as the whole layers (layers-near.test.ts checks it on every parcel of the sample county).
import type { ByteSource } from '../data/byte-source.ts';
import { readFgbBbox, type BBox } from '../data/fgb-read.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { buildRuleLayers, type RuleLayers } from './check.ts';

export interface RuleSources {
  zones: ByteSource;
  controlLines: ByteSource;
}

/** Cells per degree of the boxes ruleReadBox gives (1/64° ≈ 1.7 km north–south): a few KB of zones and lines a read. */
export const RULE_GRID = 64;

/**
 * The box to read for a check within `b`: `b` widened outwards to whole grid cells, so a shape being edited, or the
 * card of a neighbour, reuses one read (a wider box only adds features, so the verdict within `b` stays the whole's).
 */
export function ruleReadBox(b: BBox): BBox {
  const g = RULE_GRID;
  return [Math.floor(b[0] * g) / g, Math.floor(b[1] * g) / g, Math.ceil(b[2] * g) / g, Math.ceil(b[3] * g) / g];
}

/** The zones and control lines whose boxes meet `bbox`, indexed for checkParcel. */
export async function ruleLayersNear(sources: RuleSources, bbox: BBox): Promise<RuleLayers> {
  const [zones, controlLines] = await Promise.all([readFgbBbox(sources.zones, bbox), readFgbBbox(sources.controlLines, bbox)]);
  return buildRuleLayers(zones as unknown as Feature<AreaGeometry, ZoneProps>[], controlLines as unknown as Feature<AreaGeometry, ControlLineProps>[]);
}
