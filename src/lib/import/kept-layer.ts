// An imported layer as the planner keeps it in the browser (IndexedDB, one record per layer) and exports it:
// GeoJSON with each feature's schema props and a summary of its findings, and the findings as a CSV Excel opens
// (UTF-8 with a BOM: without it Excel reads the Chinese messages as GBK mojibake). Pure: the store turns the text
// into a download.
import type { LayerTarget, PreparedFeature, PreparedReject } from './prepare.ts';
import { verdictOf } from './verdict.ts';
import type { TargetMapping } from './mapping.ts';

export interface KeptLayer {
  id: string;
  /** The layer's name (Shapefile base name, GeoPackage table). */
  name: string;
  /** The dropped file(s) it came from, as the planner named them. */
  files: string[];
  target: LayerTarget;
  count: number;
  /** ISO 8601. */
  importedAt: string;
  mapping: TargetMapping;
  crs: string;
  features: PreparedFeature[];
  rejects: PreparedReject[];
  /** Drawn on the map (kept with the layer: imported layers are local, so not part of a link). */
  visible: boolean;
}

export const CSV_BOM = '\uFEFF';
export const CSV_HEADER = ['parcel_id', 'rule', 'status', 'message_zh', 'source'] as const;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function sourceText(s: PreparedFeature['findings'][number]['source']): string {
  if (!s) return '';
  const what = s.kind === 'plan' ? s.clause : s.kind === 'standard' ? s.ref : `assumption, confirm with ${s.confirm_with}`;
  return `${s.key}: ${what}`;
}

/** Every finding of every feature, one row each, CRLF line ends (what Excel writes), BOM first. */
export function findingsCsv(layer: Pick<KeptLayer, 'features'>): string {
  const rows = [CSV_HEADER.join(',')];
  for (const f of layer.features) {
    for (const x of f.findings) rows.push([f.id, x.rule, x.status, x.message.zh, sourceText(x.source)].map(csvField).join(','));
  }
  return CSV_BOM + rows.join('\r\n') + '\r\n';
}

/** Counts of the findings by status, and the worst one: what the GeoJSON carries per feature. */
export function findingsSummary(findings: PreparedFeature['findings']): { verdict: 'fail' | 'warn' | 'pass'; fail: string[]; warn: string[] } {
  return {
    verdict: verdictOf(findings),
    fail: findings.filter((f) => f.status === 'fail').map((f) => f.rule),
    warn: findings.filter((f) => f.status === 'warn').map((f) => f.rule),
  };
}

/** The layer as a GeoJSON FeatureCollection in lon/lat (RFC 7946: no crs member), findings summarised per feature. */
export function layerGeoJson(layer: Pick<KeptLayer, 'name' | 'features'>): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    name: layer.name,
    features: layer.features.map((f) => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: { ...f.props, id: f.id, findings: findingsSummary(f.findings) },
    })),
  });
}
