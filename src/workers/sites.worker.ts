// The 招商 site ranking off the page (issue 16): streams the parcels file once, feature by feature, keeping only what
// the site index and the overlay need (SiteCollector), builds the index and the rule layers here (reading the zones and
// control lines itself unless the page had them), then answers one
// ranking per demand, and the outlines of the parcels the overlay highlights. Neither the page nor this worker holds the county.
import { streamDataFgb } from '../app/fetch-data-url.ts';
import type { SiteReply, SiteRequest, SiteBuildRequest } from '../lib/chain/site-protocol.ts';
import { SiteCollector, SiteRanker } from '../lib/chain/site-stream.ts';
import { toColumns } from '../lib/chain/chain-parcel-columns.ts';
import type { AreaGeometry, ControlLineProps, Feature, ZoneProps } from '../lib/data/schema.ts';
import { buildRuleLayers, type RuleLayers } from '../lib/rules/check.ts';
import type { RuleSource } from '../lib/rules/rule-tiles.ts';

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

async function build(req: SiteBuildRequest): Promise<SiteRanker> {
  const t0 = performance.now();
  const layers = rulesOf(req.rules);
  layers.catch(() => undefined); // awaited below; a failure is the build's
  const collector = new SiteCollector(req.firms, req.cfg);
  // streamFgb yields our schema's features; parcels are polygons (a point or line would fail siteParcelOf's interior point).
  for await (const f of streamDataFgb(req.url)) collector.add(f as Feature<AreaGeometry, Record<string, unknown>>);
  const got = collector.result();
  const ranker = new SiteRanker(got, req.firms, req.chains, await layers, req.cfg);
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
