// The 招商 site ranking off the page (issue 16): streams the parcels file once, feature by feature, keeping only what
// the site index and the overlay need (SiteCollector), builds the index and the rule layers here (reading the zones and
// control lines itself unless the page had them), then answers one
// ranking per demand, and the outlines of the parcels the overlay highlights. Neither the page nor this worker holds the county.
// Within an area (site-area.ts) it reads only the parcels, zones and control lines that ranking needs, by range.
import { streamDataFgb } from '../app/fetch-data-url.ts';
import type { SiteReply, SiteRequest, SiteBuildRequest } from '../lib/chain/site-protocol.ts';
import { SiteCollector, SiteRanker } from '../lib/chain/site-stream.ts';
import { toColumns } from '../lib/chain/chain-parcel-columns.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../lib/data/schema.ts';
import { buildRuleLayers, type RuleLayers } from '../lib/rules/check.ts';
import { RuleTiles, type RuleSource } from '../lib/rules/rule-tiles.ts';
import { httpByteSource } from '../lib/data/byte-source.ts';
import { memoByteSource } from '../lib/data/by-ids.ts';
import { readFgbHeader } from '../lib/data/fgb-read.ts';
import { readFgbBboxInParts } from '../lib/data/fgb-read-parts.ts';
import { areaReadBox, type SiteArea } from '../lib/chain/site-area.ts';
import { bboxOf, unionBbox } from '../lib/geo/shape.ts';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<SiteRequest>) => void) | null;
  postMessage(m: SiteReply, transfer?: Transferable[]): void;
};

/** Every feature of a data file, streamed. */
async function readAll<P>(url: string): Promise<Feature<AreaGeometry, P>[]> {
  const out: Feature<AreaGeometry, P>[] = [];
  for await (const f of streamDataFgb(url)) out.push(f as unknown as Feature<AreaGeometry, P>);
  return out;
}

/**
 * The ranking checks candidates all over the territory, so it holds the whole layers: sent by the page if it had
 * read them, else read here (the page does not read them for the ranking).
 */
async function rulesOf(source: RuleSource): Promise<RuleLayers> {
  if (source.kind === 'layers') return buildRuleLayers(source.zones, source.controlLines);
  const [zones, lines] = await Promise.all([readAll<ZoneProps>(source.zones), readAll<ControlLineProps>(source.controlLines)]);
  return buildRuleLayers(zones, lines);
}

/**
 * The parcels a ranking within `area` reads: those of the indexed file meeting the area grown by the partner reach,
 * read through its R-tree part by part (a province's file is not held at once); a file without an index (a build
 * before them) is streamed whole, the collector keeping the same ones.
 */
async function* parcelsFor(url: string, area: SiteArea | null, cfg: SiteBuildRequest['cfg']): AsyncGenerator<Feature<AreaGeometry, Record<string, unknown>>> {
  // streamFgb yields our schema's features; parcels are polygons (a point or line would fail siteParcelOf's interior point).
  type Parcel = Feature<AreaGeometry, Record<string, unknown>>;
  if (area) {
    const source = memoByteSource(httpByteSource(url), (offset) => offset === 0);
    if ((await readFgbHeader(source)).indexNodeSize >= 2) {
      for await (const f of readFgbBboxInParts(source, areaReadBox(area, cfg))) yield f as unknown as Parcel;
      return;
    }
  }
  for await (const f of streamDataFgb(url)) yield f as unknown as Parcel;
}

/** The rule layers a ranking within an area checks its sites against: those meeting its candidates' outlines. */
async function areaRulesOf(source: RuleSource, parcels: readonly { geometry: AreaGeometry | null }[]): Promise<RuleLayers> {
  if (source.kind === 'layers') return buildRuleLayers(source.zones, source.controlLines);
  const box = unionBbox(parcels.flatMap((p) => (p.geometry ? [bboxOf(p.geometry)] : [])));
  if (!box) return buildRuleLayers([], []);
  return new RuleTiles({ zones: httpByteSource(source.zones), controlLines: httpByteSource(source.controlLines) }).near(box);
}

async function build(req: SiteBuildRequest): Promise<SiteRanker> {
  const t0 = performance.now();
  // Over the whole territory the layers are read whole, beside the stream; within an area, once its candidates are known.
  const whole = req.area ? null : rulesOf(req.rules);
  whole?.catch(() => undefined); // awaited below; a failure is the build's
  const collector = new SiteCollector(req.firms, req.cfg, req.area);
  for await (const f of parcelsFor(req.url, req.area, req.cfg)) collector.add(f);
  const got = collector.result();
  const layers = whole ? await whole : await areaRulesOf(req.rules, got.parcels);
  const ranker = new SiteRanker(got, req.firms, req.chains, layers, req.cfg);
  const chainParcels = toColumns(got.chainParcels);
  scope.postMessage({ type: 'built', chainParcels, seen: got.seen, kept: got.parcels.length, ms: performance.now() - t0 }, [chainParcels.numbers.buffer]);
  return ranker;
}

let ranker: Promise<SiteRanker> | null = null;

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'build') {
    ranker = build(msg);
    ranker.catch((err: unknown) => scope.postMessage({ type: 'error', key: null, message: err instanceof Error ? err.message : String(err) }));
    return;
  }
  const key = msg.key;
  if (!ranker) {
    scope.postMessage({ type: 'error', key, message: `site worker: ${msg.type} asked before the index was built` });
    return;
  }
  ranker.then(
    (r) => {
      try {
        if (msg.type === 'outlines') scope.postMessage({ type: 'outlines', key, outlines: r.outlines(msg.ids) });
        else scope.postMessage({ type: 'ranked', key, ...r.rank(msg.demand, msg.top, msg.policy) });
      } catch (err) {
        scope.postMessage({ type: 'error', key, message: err instanceof Error ? err.message : String(err) });
      }
    },
    // the build's failure is reported once, above
    () => undefined,
  );
};
