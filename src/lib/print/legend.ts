// The printed legend: the same entries, in the same order, as the map's layer panel, from the same style
// definitions that paint the map (lib/style), for the layers that are visible.
import type { MessageKey } from '../i18n/index.ts';
import { legendEntries, LINE_STYLE, LOW_EFF_STYLE, ZONE_STYLE, type ColourMode } from '../style/parcel-style.ts';
import type { LayerId } from '../url/params.ts';
import { blockPlanLegend, caseLegend, complianceLegend, parkLegend, projectLegend, type CampaignLegendEntry } from '../style/campaign-style.ts';

export type SwatchKind = 'fill' | 'line' | 'dashed-line' | 'outline' | 'dashed-outline' | 'circle' | 'star' | 'progress';

export interface PrintLegendItem {
  key: string;
  label: MessageKey;
  colour: string;
  swatch: SwatchKind;
}
export interface PrintLegendGroup {
  layer: LayerId;
  /** Heading keys, joined with ' · ' when printed. */
  heading: MessageKey[];
  items: PrintLegendItem[];
}

const campaignItems = (entries: CampaignLegendEntry[]): PrintLegendItem[] => entries.map((e) => ({ key: e.key, label: e.label, colour: e.colour, swatch: e.swatch }));

/** `blockPlans`: the blocks carry plans (一区块一方案), drawn by progress (issue 15). */
export function printLegend(layers: readonly LayerId[], mode: ColourMode, opts: { blockPlans?: boolean } = {}): PrintLegendGroup[] {
  const on = new Set(layers);
  const out: PrintLegendGroup[] = [];
  if (on.has('parcels')) {
    out.push({
      layer: 'parcels',
      heading: ['layers.parcels', `mode.${mode}` as MessageKey],
      items: legendEntries(mode).map((e) => ({ key: e.key, label: e.label, colour: e.colour, swatch: 'fill' as const })),
    });
  }
  if (on.has('control-lines')) {
    out.push({
      layer: 'control-lines',
      heading: ['layers.control-lines'],
      items: ([1, 2] as const).map((l) => ({
        key: `line-${l}`,
        label: LINE_STYLE[l].label,
        colour: LINE_STYLE[l].colour,
        swatch: LINE_STYLE[l].dash === null ? ('line' as const) : ('dashed-line' as const),
      })),
    });
  }
  if (on.has('low-efficiency')) {
    out.push({
      layer: 'low-efficiency',
      heading: ['layers.low-efficiency'],
      items: [
        { key: 'block', label: LOW_EFF_STYLE.label, colour: LOW_EFF_STYLE.colour, swatch: 'outline' },
        ...(opts.blockPlans ? blockPlanLegend().map((e) => ({ key: e.key, label: e.label, colour: e.colour, swatch: 'progress' as const })) : []),
      ],
    });
  }
  if (on.has('zones')) {
    out.push({
      layer: 'zones',
      heading: ['layers.zones'],
      items: (['central', 'adjusted-use'] as const).map((k) => ({ key: k, label: ZONE_STYLE[k].label, colour: ZONE_STYLE[k].colour, swatch: 'dashed-outline' as const })),
    });
  }
  const campaign: [LayerId, () => CampaignLegendEntry[]][] = [
    ['cases', caseLegend],
    ['projects', projectLegend],
    ['small-parks', parkLegend],
    ['standard-land', complianceLegend],
  ];
  for (const [layer, entries] of campaign) if (on.has(layer)) out.push({ layer, heading: [`layers.${layer}` as MessageKey], items: campaignItems(entries()) });
  return out;
}
