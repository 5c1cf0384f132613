// Small helpers the campaign views share: numbers with their units (亩, tce, t, 亿元) and a record's town.
import type { ParcelFeature } from '../../app/data-store.svelte.ts';
import { formatNumber, t, type Lang } from '../../lib/i18n/index.ts';

export type CampaignUnit = 'mu' | 'tce' | 't' | 'yi' | 'wanPerMu' | 'tcePerMu' | 'tPerMu' | '';

/** `12.50 亩`; '—' for null. */
export function withUnit(lang: Lang, v: number | null | undefined, unit: CampaignUnit, digits = 2): string {
  if (v === null || v === undefined) return '—';
  const n = formatNumber(lang, v, digits);
  return unit ? `${n} ${t(lang, `campaign.unit.${unit}`)}` : n;
}

/** The record's own town, else its parcel's (`parcel`: the registers' parcels, CampaignParcels.get), else '—'. */
export function townOf(parcel: (id: string) => ParcelFeature | undefined, own: string | null, parcelId: string | null): string {
  if (own) return own;
  const p = parcelId ? parcel(parcelId) : undefined;
  return p?.properties.town ?? '—';
}
