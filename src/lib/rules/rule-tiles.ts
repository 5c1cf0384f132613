// The zones and control lines for a check that goes over the whole territory (the batch check), read tile by tile as
// the parcels come instead of whole (issue 16: a province's zones and control lines need not be held to check its
// parcels). A parcel's verdict needs only the features whose boxes meet its box (layers-near.ts says why), so the
// features meeting the tile its box lies in give the whole layers' verdict. The parcels file is in Hilbert order, so
// consecutive parcels share tiles: a tile is read once while the check is near it, and only the last few are kept.
import type { ByteSource } from '../data/byte-source.ts';
import { memoByteSource } from '../data/by-ids.ts';
import { readAllFgb, readFgbHeader, type BBox } from '../data/fgb-read.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../data/schema.ts';
import { buildRuleLayers, type RuleLayers } from './check.ts';
import { ruleLayersNear, type RuleSources } from './layers-near.ts';

/**
 * Where a worker's check reads the zones and control lines: the whole layers when the page has read them already, else
 * their indexed files (URLs), which the worker reads itself — by tile (the batch check) or whole (the 招商 ranking) —
 * so that the page does not read and clone them for it (issue 16).
 */
export type RuleSource =
  | { kind: 'layers'; zones: Feature<AreaGeometry, ZoneProps>[]; controlLines: Feature<AreaGeometry, ControlLineProps>[] }
  | { kind: 'files'; zones: string; controlLines: string };

/** The rule layers for checks within a box: the same whole layers for every box, or read for it (RuleTiles, a range read). */
export type RuleLayersFor = RuleLayers | { near(box: BBox): Promise<RuleLayers> };

/** Tiles per degree: 1/16° (≈ 7 km north–south) holds a few hundred to a few thousand parcels of a dense county. */
export const RULE_TILE = 16;

/** Tiles kept (least recently used dropped first): enough for the parcels on both sides of the stream's path. */
export const RULE_TILES_KEPT = 32;

/** The tiles `b` lies in, as [x0, y0, x1, y1] tile numbers. */
export function tileRange(b: BBox, perDegree = RULE_TILE): [number, number, number, number] {
  const t = (v: number) => Math.floor(v * perDegree);
  return [t(b[0]), t(b[1]), t(b[2]), t(b[3])];
}

/** The box of the tiles x0..x1 × y0..y1. */
export function tileBox(r: readonly [number, number, number, number], perDegree = RULE_TILE): BBox {
  return [r[0] / perDegree, r[1] / perDegree, (r[2] + 1) / perDegree, (r[3] + 1) / perDegree];
}

export interface RuleTileStats {
  /** Box reads made (one per tile, or group of tiles, read). */
  reads: number;
  /** Features read over all of them (a feature crossing tiles counts in each). */
  features: number;
  /** The most tiles held at once. */
  peakKept: number;
  /** The most features held at once over the tiles kept (what the whole layers would hold all of). */
  peakFeatures: number;
}

/**
 * Rule layers by tile over indexed zones and control-line files. `near(b)` gives the layers for a check within `b`:
 * those of its tile, or of the group of tiles it straddles, read on first use. A file without a spatial index (a build
 * before them) is read whole once instead.
 */
export class RuleTiles {
  readonly #sources: RuleSources;
  readonly #perDegree: number;
  readonly #keep: number;
  readonly #tiles = new Map<string, Promise<RuleLayers>>();
  #whole: Promise<RuleLayers | null> | null = null;
  /** Features of each kept tile that has been read. */
  readonly #held = new Map<string, number>();
  #heldSum = 0;
  readonly stats: RuleTileStats = { reads: 0, features: 0, peakKept: 0, peakFeatures: 0 };

  constructor(sources: RuleSources, opts: { perDegree?: number; keep?: number } = {}) {
    // Each file's first bytes (its header and the top of its R-tree, which every box read starts with) are read once;
    // the rest is not kept (a whole territory's tiles would all stay).
    const headerOnce = (s: ByteSource) => memoByteSource(s, (offset) => offset === 0);
    this.#sources = { zones: headerOnce(sources.zones), controlLines: headerOnce(sources.controlLines) };
    this.#perDegree = opts.perDegree ?? RULE_TILE;
    this.#keep = Math.max(1, opts.keep ?? RULE_TILES_KEPT);
  }

  near(b: BBox): Promise<RuleLayers> {
    const range = tileRange(b, this.#perDegree);
    const key = range.join(',');
    const got = this.#tiles.get(key);
    if (got) {
      // Most recently used last: Map keeps insertion order.
      this.#tiles.delete(key);
      this.#tiles.set(key, got);
      return got;
    }
    const p = this.#read(tileBox(range, this.#perDegree));
    this.#tiles.set(key, p);
    p.then(
      (l) => {
        if (this.#tiles.get(key) !== p) return; // dropped before it came
        const n = l.zones.length + l.controlLines.length;
        this.#held.set(key, n);
        this.#heldSum += n;
        this.stats.peakFeatures = Math.max(this.stats.peakFeatures, this.#heldSum);
      },
      () => {
        if (this.#tiles.get(key) === p) this.#drop(key); // asked again on the next read
      },
    );
    while (this.#tiles.size > this.#keep) this.#drop(this.#tiles.keys().next().value as string);
    this.stats.peakKept = Math.max(this.stats.peakKept, this.#tiles.size);
    return p;
  }

  #drop(key: string): void {
    this.#tiles.delete(key);
    this.#heldSum -= this.#held.get(key) ?? 0;
    this.#held.delete(key);
  }

  async #read(box: BBox): Promise<RuleLayers> {
    if (!this.#whole) {
      const w = this.#wholeIfUnindexed();
      this.#whole = w;
      w.catch(() => {
        if (this.#whole === w) this.#whole = null; // asked again on the next read
      });
    }
    const whole = await this.#whole;
    if (whole) return whole;
    const layers = await ruleLayersNear(this.#sources, box);
    this.stats.reads++;
    this.stats.features += layers.zones.length + layers.controlLines.length;
    return layers;
  }

  /** The whole layers when either file has no spatial index to read boxes by; null when both have one. */
  async #wholeIfUnindexed(): Promise<RuleLayers | null> {
    const [z, c] = await Promise.all([readFgbHeader(this.#sources.zones), readFgbHeader(this.#sources.controlLines)]);
    // An empty file has nothing to index (and a writer may leave its index out).
    const indexed = (h: typeof z) => h.featuresCount === 0 || h.indexNodeSize > 0;
    if (indexed(z) && indexed(c)) return null;
    const all = async (s: ByteSource) => readAllFgb(await s.read(0, await s.size()), s.label);
    const [zones, lines] = await Promise.all([all(this.#sources.zones), all(this.#sources.controlLines)]);
    this.stats.reads++;
    this.stats.features += zones.length + lines.length;
    return buildRuleLayers(zones as unknown as Feature<AreaGeometry, ZoneProps>[], lines as unknown as Feature<AreaGeometry, ControlLineProps>[]);
  }
}
