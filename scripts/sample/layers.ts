// Planning layers drawn over the parcel grid: industrial control lines, low-efficiency blocks, the two kinds of
// control zone, and streets. Boundaries follow street centre lines or block edges, so a parcel is either wholly
// inside a polygon or wholly outside it (except the hand-drawn central zone, which is approximate anyway).
import type {
  ControlLineProps,
  LineStringGeometry,
  LowEfficiencyBlockProps,
  PolygonGeometry,
  ZoneProps,
} from '../../src/lib/data/schema.ts';
import { polygonFromXY } from './base.ts';
import { fromLonLat, toLonLat, type XY } from './geom.ts';
import { toAreaFrame, type Layout, type LayoutArea, type LayoutBlock } from './layout.ts';
import { AREAS, CENTRAL_ZONE, CONNECTIONS, MOTORWAY } from './places.ts';
import { Rng } from './rng.ts';
import type { BaseProps, SampleFeature } from './types.ts';

export interface LowEffChoice {
  blocks: LayoutBlock[];
  name: string;
}

export interface SpecialBlocks {
  lowEff: LowEffChoice[];
  adjusted: LayoutBlock[];
  /** Every block inside a low-efficiency polygon (for the status bias of its parcels). */
  lowEffSet: Set<LayoutBlock>;
}

/** At least 15 low-efficiency blocks (the 2025 target renovates 15), more for larger counties. */
export const lowEffCount = (parcels: number): number => Math.max(16, Math.round(parcels / 220));

/** Areas holding a 规划用途已调整但5年内暂不实施 zone in the sample. */
const ADJUSTED_AREAS = ['qiaotouhu', 'dajiahe', 'kaifaqu'];

export function chooseSpecialBlocks(seed: number, layout: Layout): SpecialBlocks {
  const rng = new Rng(seed, 'special-blocks');
  const usable = (b: LayoutBlock) => b.parcels.length >= 3 && !b.parcels.some((p) => p.big);
  const adjusted: LayoutBlock[] = [];
  for (const key of ADJUSTED_AREAS) {
    const area = layout.areas.find((a) => a.spec.key === key);
    const options = area?.blocks.filter((b) => b.parcels.length >= 4 && usable(b)) ?? [];
    if (!options.length) throw new Error(`sample: area ${key} has no block of 4+ parcels for an adjusted-use zone`);
    adjusted.push(rng.pick(options));
  }
  const taken = new Set<LayoutBlock>(adjusted);
  const lowEff: LowEffChoice[] = [];
  const perArea = new Map<string, number>();
  const want = lowEffCount(layout.parcels.length);
  const pool = layout.areas.flatMap((a) => a.blocks.filter(usable));
  while (lowEff.length < want) {
    const free = pool.filter((b) => !taken.has(b));
    if (!free.length) throw new Error(`sample: only ${lowEff.length} of ${want} low-efficiency blocks found room`);
    const first = rng.weighted(free.map((b) => [b, b.area.spec.lowEff] as const));
    const blocks = [first];
    // Some low-efficiency blocks span two neighbouring blocks of a row (the street between them included).
    const next = first.area.blocks.find((b) => b.row === first.row && b.col === first.col + 1 && usable(b) && !taken.has(b));
    if (next && rng.chance(0.35)) blocks.push(next);
    for (const b of blocks) taken.add(b);
    const k = (perArea.get(first.area.spec.key) ?? 0) + 1;
    perArea.set(first.area.spec.key, k);
    lowEff.push({ blocks, name: `${first.area.spec.short}示例低效区块${k}` });
  }
  return { lowEff, adjusted, lowEffSet: new Set(lowEff.flatMap((c) => c.blocks)) };
}

/** Block rectangle(s) in the area frame, grown by `pad` metres: covers every parcel of the blocks, not the next block. */
function blocksPolygon(blocks: LayoutBlock[], pad: number): PolygonGeometry {
  const area = blocks[0]!.area;
  const u0 = Math.min(...blocks.map((b) => b.rect[0])) - pad;
  const v0 = Math.min(...blocks.map((b) => b.rect[1])) - pad;
  const u1 = Math.max(...blocks.map((b) => b.rect[2])) + pad;
  const v1 = Math.max(...blocks.map((b) => b.rect[3])) + pad;
  const ring: XY[] = [[u0, v0], [u1, v0], [u1, v1], [u0, v1]];
  return polygonFromXY(ring.map((p) => toAreaFrame(area, p)));
}

const REASONS = [
  '亩均税收低于行业指导值，厂房老旧',
  '容积率低于1.0，存在大量闲置厂房',
  '批而未供、供而未用地块集中',
  '涉及落后产能，需整治提升（示例）',
  '建筑老旧、安全隐患突出，配套不足',
  '小散乱企业集聚，亩均效益偏低',
];

export function lowEffFeatures(seed: number, special: SpecialBlocks): SampleFeature<PolygonGeometry, LowEfficiencyBlockProps>[] {
  const rng = new Rng(seed, 'low-eff-props');
  return special.lowEff.map((c, i) => {
    const renovation_status = rng.weighted([['done', 3], ['in_progress', 4], ['planned', 3]] as const);
    const renovation_year =
      renovation_status === 'done' ? rng.int(2021, 2024) : renovation_status === 'in_progress' ? rng.int(2022, 2025) : rng.int(2024, 2025);
    return {
      type: 'Feature',
      geometry: blocksPolygon(c.blocks, 4),
      properties: { id: `LE-${String(i + 1).padStart(2, '0')}`, name: c.name, reason: rng.pick(REASONS), renovation_status, renovation_year },
    };
  });
}

export function zoneFeatures(special: SpecialBlocks): SampleFeature<PolygonGeometry, ZoneProps>[] {
  const central: SampleFeature<PolygonGeometry, ZoneProps> = {
    type: 'Feature',
    geometry: polygonFromXY(CENTRAL_ZONE.map(fromLonLat)),
    properties: { id: 'zone-central', name: '中心城区限制区（示意范围）', kind: 'central', approximate: true },
  };
  const adjusted = special.adjusted.map((b, i): SampleFeature<PolygonGeometry, ZoneProps> => ({
    type: 'Feature',
    geometry: blocksPolygon([b], 4),
    properties: {
      id: `zone-adjusted-${i + 1}`,
      name: `${b.area.spec.short}规划用途已调整但5年内暂不实施区域（示例）`,
      kind: 'adjusted-use',
      approximate: false,
    },
  }));
  return [central, ...adjusted];
}

/** Aspect-scaled distance of a grid cell centre from the area centre (the same metric the layout fills by). */
function cellDist(area: LayoutArea, col: number, row: number): number {
  const [u0, u1] = area.grid.cols[col]!;
  const [v0, v1] = area.grid.rows[row]!;
  return Math.hypot((u0 + u1) / 2 / area.spec.aspect[0], (v0 + v1) / 2 / area.spec.aspect[1]);
}

/**
 * Outline of all grid cells within `radius`, drawn along street centre lines. Such a set holds, in every row, the
 * column nearest the centre, so each row is one run of cells and the outline is a single simple ring.
 */
function cellsOutline(area: LayoutArea, radius: number): XY[] | null {
  const { cols, rows, colStreets, rowStreets } = area.grid;
  const runs: { row: number; a: number; b: number }[] = [];
  rows.forEach((_, row) => {
    let a = -1;
    let b = -1;
    cols.forEach((__, col) => {
      if (cellDist(area, col, row) <= radius) {
        if (a < 0) a = col;
        b = col;
      }
    });
    if (a >= 0) runs.push({ row, a, b });
  });
  if (!runs.length) return null;
  const right: XY[] = [];
  const left: XY[] = [];
  for (const r of runs) {
    const bottom = rowStreets[r.row]!.at;
    const top = rowStreets[r.row + 1]!.at;
    right.push([colStreets[r.b + 1]!.at, bottom], [colStreets[r.b + 1]!.at, top]);
    left.push([colStreets[r.a]!.at, bottom], [colStreets[r.a]!.at, top]);
  }
  // Up the right side, down the left side: counter-clockwise. Drop repeated and collinear vertices.
  const ring = [...right, ...left.reverse()];
  const out: XY[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (last && last[0] === p[0] && last[1] === p[1]) continue;
    out.push(p);
  }
  const simplified = out.filter((p, i) => {
    const a = out[(i - 1 + out.length) % out.length]!;
    const b = out[(i + 1) % out.length]!;
    return !((a[0] === p[0] && p[0] === b[0]) || (a[1] === p[1] && p[1] === b[1]));
  });
  return simplified.map((p) => toAreaFrame(area, p));
}

export function controlLineFeatures(layout: Layout): SampleFeature<PolygonGeometry, ControlLineProps>[] {
  const out: SampleFeature<PolygonGeometry, ControlLineProps>[] = [];
  for (const area of layout.areas) {
    const park = area.spec.park;
    if (!park) continue; // scattered old industry in the town centre is not protected
    const core = cellsOutline(area, 0.55 * area.reach) ?? cellsOutline(area, Math.min(...area.blocks.map((b) => b.dist)) + 1);
    if (core) {
      out.push({
        type: 'Feature',
        geometry: polygonFromXY(core),
        properties: { id: `CL1-${area.spec.key}`, name: `${park}工业区块控制线（一级，示例）`, level: 1 },
      });
    }
    if (area.spec.outerLine) {
      // Slightly inside the outermost blocks, so the ragged edge of each park stays outside every line.
      const outer = cellsOutline(area, 0.9 * area.reach);
      if (outer) {
        out.push({
          type: 'Feature',
          geometry: polygonFromXY(outer),
          properties: { id: `CL2-${area.spec.key}`, name: `${park}工业区块控制线（二级，示例）`, level: 2 },
        });
      }
    }
  }
  return out;
}

const line = (pts: XY[]): LineStringGeometry => ({ type: 'LineString', coordinates: pts.map(toLonLat) });

function streetFeatures(area: LayoutArea): SampleFeature<LineStringGeometry, BaseProps>[] {
  const out: SampleFeature<LineStringGeometry, BaseProps>[] = [];
  const { colStreets, rowStreets } = area.grid;
  const key = area.spec.key;
  let n = 0;
  colStreets.forEach((s, i) => {
    const near = area.blocks.filter((b) => b.col === i - 1 || b.col === i);
    if (!near.length) return;
    const v0 = Math.min(...near.map((b) => b.rect[1])) - 10;
    const v1 = Math.max(...near.map((b) => b.rect[3])) + 10;
    n++;
    out.push({
      type: 'Feature',
      geometry: line([toAreaFrame(area, [s.at, v0]), toAreaFrame(area, [s.at, v1])]),
      properties: { id: `rd-${key}-c${i}`, name: `${area.spec.short}示例经${n}路`, name_en: `${key} street C${n} (sample)`, kind: 'street', width_m: Math.round(s.width) },
    });
  });
  n = 0;
  rowStreets.forEach((s, j) => {
    const near = area.blocks.filter((b) => b.row === j - 1 || b.row === j);
    if (!near.length) return;
    const u0 = Math.min(...near.map((b) => b.rect[0])) - 10;
    const u1 = Math.max(...near.map((b) => b.rect[2])) + 10;
    n++;
    out.push({
      type: 'Feature',
      geometry: line([toAreaFrame(area, [u0, s.at]), toAreaFrame(area, [u1, s.at])]),
      properties: { id: `rd-${key}-r${j}`, name: `${area.spec.short}示例纬${n}路`, name_en: `${key} street R${n} (sample)`, kind: 'street', width_m: Math.round(s.width) },
    });
  });
  return out;
}

/** Farthest block corner from the area centre, in metres (where a connecting road meets the grid). */
function extent(area: LayoutArea): number {
  let r = 0;
  for (const b of area.blocks) for (const u of [b.rect[0], b.rect[2]]) for (const v of [b.rect[1], b.rect[3]]) r = Math.max(r, Math.hypot(u, v));
  return r;
}

export function roadFeatures(layout: Layout): SampleFeature<LineStringGeometry, BaseProps>[] {
  const streets = layout.areas.flatMap(streetFeatures);
  const byKey = new Map(layout.areas.map((a) => [a.spec.key, a]));
  const links = CONNECTIONS.map(([a, b]): SampleFeature<LineStringGeometry, BaseProps> => {
    const A = byKey.get(a);
    const B = byKey.get(b);
    if (!A || !B) throw new Error(`places.ts CONNECTIONS: unknown area ${A ? b : a}`);
    const dx = B.centre[0] - A.centre[0];
    const dy = B.centre[1] - A.centre[1];
    const len = Math.hypot(dx, dy);
    const ra = Math.min(extent(A) * 0.7, len * 0.45);
    const rb = Math.min(extent(B) * 0.7, len * 0.45);
    const start: XY = [A.centre[0] + (dx / len) * ra, A.centre[1] + (dy / len) * ra];
    const end: XY = [B.centre[0] - (dx / len) * rb, B.centre[1] - (dy / len) * rb];
    const nameA = AREAS.find((x) => x.key === a)!.short;
    const nameB = AREAS.find((x) => x.key === b)!.short;
    return {
      type: 'Feature',
      geometry: line([start, end]),
      properties: { id: `rd-link-${a}-${b}`, name: `${nameA}—${nameB}连接道路（示意）`, name_en: `${a}–${b} connecting road (approximate)`, kind: 'highway', approximate: true },
    };
  });
  const motorway: SampleFeature<LineStringGeometry, BaseProps> = {
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: MOTORWAY.line.map((p) => [p[0], p[1]]) },
    properties: { id: MOTORWAY.id, name: MOTORWAY.name, name_en: MOTORWAY.name_en, kind: 'motorway', approximate: true },
  };
  return [motorway, ...links, ...streets];
}
