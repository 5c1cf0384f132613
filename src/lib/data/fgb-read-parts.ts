// The features of an indexed FlatGeobuf file meeting a box, read part by part (issue 16). readFgbBbox returns a
// box's features all at once: for a box holding much of a province's file (the 招商 ranking within an area reads
// the area grown by the partner reach, ~25 km each way) that would be hundreds of thousands of features held at
// once in a worker. Here the box is cut into a grid of parts, sized from the header's count and envelope so that a
// part holds about `perPart` features; each part is read by the R-tree and its features yielded before the next is
// read. A feature meeting several parts is yielded once: by the part holding the south-west corner of its box
// clipped to the query box (a point of the feature's box inside the query box, so that part's read returns it).
// Pure over a ByteSource.
import type { ByteSource } from './byte-source.ts';
import { readFgbBbox, readFgbHeader, type BBox } from './fgb-read.ts';
import { featureBox } from './fgb-write.ts';
import type { Feature } from './schema.ts';

/** Features per part aimed at: a few MB of decoded parcels. */
export const FEATURES_PER_PART = 20_000;

/** Parts per side for `bbox` over a file of `count` features spread over `envelope` (uniform density assumed). */
export function partsPerSide(bbox: BBox, count: number, envelope: BBox | null, perPart = FEATURES_PER_PART): number {
  if (count <= perPart || !envelope) return 1;
  const w = Math.max(0, Math.min(bbox[2], envelope[2]) - Math.max(bbox[0], envelope[0]));
  const h = Math.max(0, Math.min(bbox[3], envelope[3]) - Math.max(bbox[1], envelope[1]));
  const ew = envelope[2] - envelope[0];
  const eh = envelope[3] - envelope[1];
  const share = ew > 0 && eh > 0 ? (w * h) / (ew * eh) : 1;
  return Math.max(1, Math.min(64, Math.ceil(Math.sqrt((share * count) / perPart))));
}

/** Each feature whose box meets `bbox`, once, read and yielded part by part (west to east, south to north). */
export async function* readFgbBboxInParts(source: ByteSource, bbox: BBox, perPart = FEATURES_PER_PART): AsyncGenerator<Feature> {
  const header = await readFgbHeader(source);
  const n = partsPerSide(bbox, header.featuresCount, header.envelope, perPart);
  const xs = Array.from({ length: n + 1 }, (_, i) => (i === n ? bbox[2] : bbox[0] + ((bbox[2] - bbox[0]) * i) / n));
  const ys = Array.from({ length: n + 1 }, (_, i) => (i === n ? bbox[3] : bbox[1] + ((bbox[3] - bbox[1]) * i) / n));
  // Half-open parts [x_i, x_i+1), closed at the query box's east and north edges.
  const cell = (v: number, edges: number[]) => {
    for (let i = 1; i < n; i++) if (v < edges[i]!) return i - 1;
    return n - 1;
  };
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const part: BBox = [xs[i]!, ys[j]!, xs[i + 1]!, ys[j + 1]!];
      const got = await readFgbBbox(source, part);
      for (let k = 0; k < got.length; k++) {
        const f = got[k]!;
        if (n > 1) {
          const b = featureBox(f, `${source.label} #${k}`).box;
          if (cell(Math.max(b[0], bbox[0]), xs) !== i || cell(Math.max(b[1], bbox[1]), ys) !== j) continue;
        }
        yield f;
      }
    }
  }
}
