// An imported layer as the team workspace keeps it (issue 14, item 5): a KeptLayer without `visible` (which stays
// per browser). The parser is what the server validates a POST with — enough of the shape that a colleague's app can
// draw and list the layer safely: ids, bounded texts, a known target, a count that is the features', polygons with
// numeric positions, findings and rejects with their texts. `{ ok: false, reason }` names the field first
// (`field "features[3].geometry.type" …`), as the other record parsers do. Members not listed are dropped.
import { FieldError, run, show, type PropsResult } from '../data/props.ts';
import type { AreaGeometry } from '../data/schema.ts';
import type { FindingStatus } from '../rules/finding.ts';
import type { KeptLayer } from './kept-layer.ts';
import type { FieldRule, TargetMapping } from './mapping.ts';
import type { KeptFinding, LayerTarget, PreparedFeature, PreparedReject } from './prepare.ts';

/** The record's data: everything of a kept layer but its visibility. */
export type SharedLayer = Omit<KeptLayer, 'visible'>;

/** The record kind's name (records.kind). */
export const IMPORTED_LAYER_KIND = 'imported_layer';
export const LAYER_ID_PATTERN = /^imp-[a-z0-9-]{1,40}$/;
/** The layer targets (prepare.ts's LAYER_TARGETS, repeated here so the server does not load the import's code). */
export const SHARED_LAYER_TARGETS: readonly LayerTarget[] = ['parcels', 'control-lines', 'zones', 'low-efficiency-blocks'];
const FINDING_STATUSES: readonly FindingStatus[] = ['pass', 'fail', 'warn', 'info'];
const NAME_MAX = 200;
const FILE_MAX = 260;
const FILES_MAX = 1000;
const CRS_MAX = 100;
const TEXT_MAX = 10_000;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function obj(v: unknown, field: string): Obj {
  if (!isObj(v)) throw new FieldError(`field "${field}" must be an object, got ${show(v)}`);
  return v;
}
function arr(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new FieldError(`field "${field}" must be an array, got ${show(v)}`);
  return v;
}
function text(v: unknown, field: string, max: number, required = true): string {
  if (typeof v !== 'string') throw new FieldError(`field "${field}" must be text, got ${show(v)}`);
  if (required && v.trim() === '') throw new FieldError(`field "${field}" is required (text), got ${show(v)}`);
  const n = [...v].length;
  if (n > max) throw new FieldError(`field "${field}" is ${n} characters long; at most ${max}`);
  return v;
}

/** A ring: at least 4 positions, each [lon, lat] (extra ordinates allowed) of finite numbers. */
function ring(v: unknown, field: string): void {
  const positions = arr(v, field);
  if (positions.length < 4) throw new FieldError(`field "${field}" must be a ring of at least 4 positions, got ${positions.length}`);
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i];
    if (!Array.isArray(p) || p.length < 2 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new FieldError(`field "${field}[${i}]" must be a position [lon, lat] of numbers, got ${show(p)}`);
    }
  }
}
function polygon(v: unknown, field: string): void {
  const rings = arr(v, field);
  if (rings.length === 0) throw new FieldError(`field "${field}" must hold at least one ring`);
  rings.forEach((r, i) => ring(r, `${field}[${i}]`));
}

function geometry(v: unknown, field: string): AreaGeometry {
  const g = obj(v, field);
  const coordinates = arr(g['coordinates'], `${field}.coordinates`);
  if (g['type'] === 'Polygon') {
    polygon(coordinates, `${field}.coordinates`);
    return { type: 'Polygon', coordinates: coordinates as AreaGeometry['coordinates'] } as AreaGeometry;
  }
  if (g['type'] === 'MultiPolygon') {
    if (coordinates.length === 0) throw new FieldError(`field "${field}.coordinates" must hold at least one polygon`);
    coordinates.forEach((p, i) => polygon(p, `${field}.coordinates[${i}]`));
    return { type: 'MultiPolygon', coordinates: coordinates as AreaGeometry['coordinates'] } as AreaGeometry;
  }
  throw new FieldError(`field "${field}.type" must be Polygon or MultiPolygon, got ${show(g['type'])}`);
}

function finding(v: unknown, field: string): KeptFinding {
  const f = obj(v, field);
  const status = f['status'];
  if (typeof status !== 'string' || !FINDING_STATUSES.includes(status as FindingStatus)) {
    throw new FieldError(`field "${field}.status" must be one of ${FINDING_STATUSES.join(', ')}, got ${show(status)}`);
  }
  const m = obj(f['message'], `${field}.message`);
  const out: KeptFinding = {
    rule: text(f['rule'], `${field}.rule`, NAME_MAX),
    status: status as FindingStatus,
    message: { zh: text(m['zh'], `${field}.message.zh`, TEXT_MAX, false), en: text(m['en'], `${field}.message.en`, TEXT_MAX, false) },
  };
  if (f['source'] !== undefined && f['source'] !== null) out.source = obj(f['source'], `${field}.source`) as unknown as NonNullable<KeptFinding['source']>;
  return out;
}

function feature(v: unknown, field: string): PreparedFeature {
  const f = obj(v, field);
  const area = f['area_mu_planar'];
  if (area !== undefined && area !== null && (typeof area !== 'number' || !Number.isFinite(area))) {
    throw new FieldError(`field "${field}.area_mu_planar" must be a number or null, got ${show(area)}`);
  }
  return {
    id: text(f['id'], `${field}.id`, NAME_MAX),
    geometry: geometry(f['geometry'], `${field}.geometry`),
    props: obj(f['props'], `${field}.props`),
    findings: arr(f['findings'], `${field}.findings`).map((x, i) => finding(x, `${field}.findings[${i}]`)),
    area_mu_planar: typeof area === 'number' ? area : null,
  };
}

function reject(v: unknown, field: string): PreparedReject {
  const r = obj(v, field);
  const index = r['index'];
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) throw new FieldError(`field "${field}.index" must be a whole number ≥ 0, got ${show(index)}`);
  const id = r['id'];
  return { index, id: id === null || id === undefined ? null : text(id, `${field}.id`, NAME_MAX), reason: text(r['reason'], `${field}.reason`, TEXT_MAX, false) };
}

function mapping(v: unknown): TargetMapping {
  const m = obj(v, 'mapping');
  const file = m['file'];
  if (file !== null && file !== undefined) text(file, 'mapping.file', FILE_MAX);
  const join = m['join'];
  if (join !== null && join !== undefined) obj(join, 'mapping.join');
  const fields = obj(m['fields'], 'mapping.fields');
  for (const [k, rule] of Object.entries(fields)) obj(rule, `mapping.fields.${k}`);
  return { file: typeof file === 'string' ? file : null, fields: fields as Record<string, FieldRule>, join: (join ?? null) as TargetMapping['join'] };
}

/** The workspace's parser of an imported layer (what POST /api/imported-layers validates with). */
export function parseSharedLayer(raw: unknown): PropsResult<SharedLayer> {
  if (!isObj(raw)) return { ok: false, reason: 'not an object' };
  return run(raw, (p) => {
    const id = p['id'];
    if (typeof id !== 'string' || !LAYER_ID_PATTERN.test(id)) throw new FieldError(`field "id" = ${show(id)} is not an imported layer id (imp- and 1 to 40 of a-z, 0-9, -)`);
    const name = text(p['name'], 'name', NAME_MAX);
    const fileList = arr(p['files'], 'files');
    if (fileList.length > FILES_MAX) throw new FieldError(`field "files" lists ${fileList.length} files; at most ${FILES_MAX}`);
    const files = fileList.map((f, i) => text(f, `files[${i}]`, FILE_MAX));
    const target = p['target'];
    if (typeof target !== 'string' || !SHARED_LAYER_TARGETS.includes(target as LayerTarget)) {
      throw new FieldError(`field "target" must be one of ${SHARED_LAYER_TARGETS.join(', ')}, got ${show(target)}`);
    }
    const importedAt = p['importedAt'];
    if (typeof importedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(importedAt) || Number.isNaN(Date.parse(importedAt))) {
      throw new FieldError(`field "importedAt" must be an ISO 8601 date and time, got ${show(importedAt)}`);
    }
    const crs = text(p['crs'], 'crs', CRS_MAX);
    const m = mapping(p['mapping']);
    const features = arr(p['features'], 'features').map((f, i) => feature(f, `features[${i}]`));
    const count = p['count'];
    if (count !== features.length) throw new FieldError(`field "count" = ${show(count)} must be the number of features (${features.length})`);
    const rejects = arr(p['rejects'], 'rejects').map((r, i) => reject(r, `rejects[${i}]`));
    return { id, name, files, target: target as LayerTarget, count: features.length, importedAt, mapping: m, crs, features, rejects };
  });
}
