// The in-app import's work between the readers and the map (issue 13, item 4), pure so the import worker, the e2e
// spec's Node side and the unit tests run the same code:
//   describeSource: what the dialog shows of one read layer (fields and samples, the target guess and the alias
//     table's suggestion, the CRS decided as `tenglong check` decides it, the features in lon/lat for the preview);
//   prepareLayer: on "accept", every feature mapped (applyMapping), then read exactly as `tenglong check` reads its
//     GeoJSON (LayerScan decides the CRS, LayerIngest validates, reprojects and parses with check's own parser) and,
//     for parcels, checked with checkParcel against the county's zones and control lines (those meeting the accepted
//     parcels' box when the worker reads them from their files: an import of a few parcels never reads whole layers).
// A record the mapping cannot take is rejected with the mapping's reasons, as build-data sets it aside.
import type { AnyGeometry, AreaGeometry, Feature } from '../data/schema.ts';
import { IngestError, LayerIngest, LayerScan, featureLabel, type CrsDecision } from '../data/ingest.ts';
import { parseControlLineProps, parseLowEfficiencyBlockProps, parseZoneProps, type PropsResult } from '../data/props.ts';
import { toLonLat } from '../geo/crs.ts';
import type { Extent } from '../geo/place.ts';
import { checkParcel, type RuleLayers } from '../rules/check.ts';
import { checkPropsParser } from '../rules/check-props.ts';
import type { Finding, FindingSource, FindingStatus } from '../rules/finding.ts';
import type { Policy } from '../rules/policy.ts';
import type { RuleLayersFor } from '../rules/rule-tiles.ts';
import { bboxOf, unionBbox } from '../geo/shape.ts';
import { isEmptyCell, type Target } from './aliases.ts';
import { applyMapping, guessTarget, suggestMapping, type Suggestion, type TargetGuess, type TargetMapping } from './mapping.ts';
import type { Cell, DeclaredCrs, ImportedLayer, LayerFormat } from './types.ts';

/** Records whose values the suggestion looks at (build-data's choice: the first 20). */
const SUGGEST_ROWS = 20;
/** Distinct values shown per field, and rows in the dialog's preview table. */
export const SHOWN_SAMPLES = 5;

/** Layer targets the map can take (enterprises are a table: build-data joins them, the map does not). */
export const LAYER_TARGETS = ['parcels', 'control-lines', 'zones', 'low-efficiency-blocks'] as const satisfies readonly Target[];
export type LayerTarget = (typeof LAYER_TARGETS)[number];

export interface SourceSummary {
  file: string;
  name: string;
  format: LayerFormat;
  encoding: ImportedLayer['encoding'];
  declaredCrs: DeclaredCrs;
  /** The CRS `tenglong check` would read the layer in, or why it refuses to (the pipeline's message). */
  crs: { ok: true; code: string; reason: string } | { ok: false; message: string };
  geometryTypes: string[];
  count: number;
  fields: string[];
  /** Up to SHOWN_SAMPLES distinct non-empty values per field. */
  samples: Record<string, Cell[]>;
  /** The first SHOWN_SAMPLES records as read (the dialog maps them for its preview table). */
  firstRecords: Record<string, unknown>[];
  guess: TargetGuess | null;
  /** The guess, else parcels (what a dropped polygon layer most often is). */
  target: LayerTarget;
  suggestion: Suggestion;
  warnings: string[];
}

/** Values of the first records per field: all of them for the suggestion, distinct non-empty ones for display. */
function samplesOf(layer: ImportedLayer): { forSuggest: Record<string, Cell[]>; shown: Record<string, Cell[]> } {
  const rows = layer.features.slice(0, SUGGEST_ROWS).map((f) => f.properties as Record<string, Cell>);
  const forSuggest: Record<string, Cell[]> = {};
  const shown: Record<string, Cell[]> = {};
  for (const f of layer.fields) {
    forSuggest[f] = rows.map((r) => r[f] ?? null);
    shown[f] = [...new Set(forSuggest[f].filter((v) => !isEmptyCell(v)))].slice(0, SHOWN_SAMPLES);
  }
  return { forSuggest, shown };
}

/** The alias table's suggestion for a layer and a target, on the same samples describeSource uses. */
export function suggestFor(layer: ImportedLayer, target: Target): Suggestion {
  return suggestMapping(target, layer.fields, samplesOf(layer).forSuggest);
}

/** The CRS member a mapped layer's GeoJSON carries (as build-data writes it): the declared code, if any. */
function crsMember(layer: ImportedLayer): unknown {
  return layer.crs.code ? { type: 'name', properties: { name: layer.crs.code } } : undefined;
}

/** Pass 1 of `tenglong check` over the layer's own coordinates: declared CRS, else recognised from every feature. */
export function decideCrs(layer: ImportedLayer, extent: Extent | null): CrsDecision {
  const scan = new LayerScan(layer.file);
  for (const f of layer.features) scan.add(f);
  return scan.decide(crsMember(layer), undefined, extent);
}

export function describeSource(layer: ImportedLayer, extent: Extent | null): SourceSummary {
  const { forSuggest, shown } = samplesOf(layer);
  const guess = guessTarget(layer, forSuggest);
  // Every map target is an area layer; with no guess, parcels (what a dropped polygon layer most often is).
  const target: LayerTarget = LAYER_TARGETS.find((t) => t === guess?.target) ?? 'parcels';
  let crs: SourceSummary['crs'];
  try {
    const d = decideCrs(layer, extent);
    crs = { ok: true, code: d.crs, reason: d.reason };
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    crs = { ok: false, message: e.message };
  }
  return {
    file: layer.file,
    name: layer.name,
    format: layer.format,
    encoding: layer.encoding,
    declaredCrs: layer.crs,
    crs,
    geometryTypes: layer.geometryTypes,
    count: layer.features.length,
    fields: layer.fields,
    samples: shown,
    firstRecords: layer.features.slice(0, SHOWN_SAMPLES).map((f) => f.properties),
    guess,
    target,
    suggestion: suggestMapping(target, layer.fields, forSuggest),
    warnings: layer.warnings ?? [],
  };
}

/** The features in lon/lat for the dialog's map preview (no validation: a feature that cannot be read is left out). */
export function previewFeatures(layer: ImportedLayer, crs: string): Feature<AnyGeometry, { index: number }>[] {
  const out: Feature<AnyGeometry, { index: number }>[] = [];
  layer.features.forEach((f, index) => {
    if (!f.geometry) return;
    try {
      out.push({ type: 'Feature', geometry: toLonLat(f.geometry as AnyGeometry, crs), properties: { index } });
    } catch {
      // left to prepareLayer, which names the problem
    }
  });
  return out;
}

/** A finding as the import keeps it: what the card, the CSV and the comparison with `tenglong check` need. */
export interface KeptFinding {
  rule: string;
  status: FindingStatus;
  message: { zh: string; en: string };
  source?: FindingSource;
}

export interface PreparedFeature {
  id: string;
  geometry: AreaGeometry;
  /** The mapped record in the schema's names and units (join-only columns left out). */
  props: Record<string, unknown>;
  /** checkParcel's findings (parcels only; other targets have none). */
  findings: KeptFinding[];
  /** Planar (Gauss-Krüger) area in 亩 as the rules judge it (parcels only). */
  area_mu_planar: number | null;
}

export interface PreparedReject {
  /** 0-based position in the source layer. */
  index: number;
  id: string | null;
  /** "feature P-12: field "status" …", as `tenglong check` names a reject. */
  reason: string;
}

export interface PreparedLayer {
  target: LayerTarget;
  crs: string;
  crsReason: string;
  read: number;
  features: PreparedFeature[];
  rejects: PreparedReject[];
}

/** What a layer is checked against: the loaded county's layers and policy, and its extent (null: anywhere in China). */
export interface CheckContext {
  /** The zones and control lines: whole, or read for the box of the accepted parcels. */
  rules: RuleLayersFor;
  policy: Policy;
  extent: Extent | null;
}

/** Mapped columns that only join enterprises to parcels: build-data drops them, so the kept record does too. */
const JOIN_ONLY = ['credit_code', 'enterprise_name'];

function parserFor(target: LayerTarget, policy: Policy): (p: unknown) => PropsResult<unknown> {
  switch (target) {
    case 'parcels':
      return checkPropsParser(policy);
    case 'control-lines':
      return parseControlLineProps;
    case 'zones':
      return parseZoneProps;
    case 'low-efficiency-blocks':
      return parseLowEfficiencyBlockProps;
  }
}

/**
 * The accepted layer: throws IngestError when `tenglong check` would refuse the whole file (CRS not decidable, most
 * features outside the county); single features are rejects with their reasons.
 */
export async function prepareLayer(layer: ImportedLayer, target: LayerTarget, mapping: TargetMapping, ctx: CheckContext): Promise<PreparedLayer> {
  const mapped = layer.features.map((f) => {
    const a = applyMapping(target, f.properties, mapping);
    for (const k of JOIN_ONLY) delete a.props[k];
    return a;
  });
  const decision = decideCrs(layer, ctx.extent);
  // The mapping's problems ride on the props object, so the parser wrapper can refuse that record with them.
  const problems = new WeakMap<object, string>();
  mapped.forEach((a) => a.problems.length && problems.set(a.props, a.problems.map((p) => p.message).join('; ')));
  const parse = parserFor(target, ctx.policy);
  const parseProps = (p: unknown): PropsResult<unknown> => {
    const why = typeof p === 'object' && p !== null ? problems.get(p) : undefined;
    return why !== undefined ? { ok: false, reason: why } : parse(p);
  };
  const rejects: PreparedReject[] = [];
  const ingest = new LayerIngest<unknown>({ file: layer.file, geometry: 'area', parseProps, uniqueIds: true, extent: ctx.extent }, decision, (r) =>
    rejects.push({ index: r.index, id: r.id, reason: `${featureLabel(r.id, r.index)}: ${r.reason}` }),
  );
  // Read first, then checked: the rule layers may be read for the box of what was accepted.
  const accepted: { index: number; geometry: AreaGeometry; props: Record<string, unknown>; parsed: Record<string, unknown> }[] = [];
  layer.features.forEach((raw, index) => {
    const props = mapped[index]!.props;
    const f = ingest.add({ type: 'Feature', geometry: raw.geometry, properties: props }, index);
    if (f) accepted.push({ index, geometry: f.geometry as AreaGeometry, props, parsed: f.properties as Record<string, unknown> });
  });
  ingest.finish();
  const ruleLayers = target === 'parcels' && accepted.length > 0 ? await layersFor(ctx.rules, accepted.map((a) => a.geometry)) : null;
  const features: PreparedFeature[] = accepted.map(({ index, geometry, props, parsed }) => {
    let findings: KeptFinding[] = [];
    let area: number | null = null;
    if (ruleLayers) {
      const c = checkParcel({ ...(parsed as unknown as Parameters<typeof checkParcel>[0]), geometry }, ruleLayers, ctx.policy);
      findings = c.findings.map(keep);
      area = c.area_mu_planar;
    }
    return { id: String(parsed['id'] ?? `feature-${index}`), geometry, props, findings, area_mu_planar: area };
  });
  return { target, crs: decision.crs, crsReason: decision.reason, read: layer.features.length, features, rejects };
}

/** The whole layers, or those read for the box of every geometry in `gs` (at least one). */
async function layersFor(rules: RuleLayersFor, gs: readonly AreaGeometry[]): Promise<RuleLayers> {
  if (!('near' in rules)) return rules;
  return rules.near(unionBbox(gs.map(bboxOf))!);
}

function keep(f: Finding): KeptFinding {
  return f.source ? { rule: f.rule, status: f.status, message: f.message, source: f.source } : { rule: f.rule, status: f.status, message: f.message };
}
