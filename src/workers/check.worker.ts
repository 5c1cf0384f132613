// Batch check of every parcel off the main thread. Receives a BatchRequest, answers with progress every
// `every` parcels and one 'done' (or 'error'); a newer 'run' or a 'cancel' stops the current run between chunks.
// Parcels come in the request (the page had read the county already) or are streamed here from the parcels file
// feature by feature (issue 16): then neither this worker nor the page holds the county while it is checked. The
// zones and control lines likewise come whole (the page had read them) or are read here by tile (RuleTiles).
import { streamDataFgb } from '../app/fetch-data-url.ts';
import { httpByteSource } from '../lib/data/byte-source.ts';
import type { AreaGeometry } from '../lib/data/schema.ts';
import { runBatch, type BatchParcel, type BatchReply, type BatchRequest, type BatchSource } from '../lib/draw/batch.ts';
import { buildRuleLayers } from '../lib/rules/check.ts';
import { RuleTiles, type RuleLayersFor, type RuleSource } from '../lib/rules/rule-tiles.ts';
import type { ExistingParcel } from '../lib/rules/parcel-findings.ts';

interface CancelRequest {
  type: 'cancel';
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<BatchRequest | CancelRequest>) => void) | null;
  postMessage(m: BatchReply): void;
};

let current = 0;

/** The parcels of a FlatGeobuf file on the data server, one at a time (read with the page's checks and messages). */
async function* streamParcels(url: string): AsyncGenerator<BatchParcel> {
  for await (const f of streamDataFgb(url)) {
    yield { geometry: f.geometry as AreaGeometry, props: f.properties as unknown as ExistingParcel };
  }
}

function parcelsOf(source: BatchSource): { parcels: Iterable<BatchParcel> | AsyncIterable<BatchParcel>; total: number } {
  return source.kind === 'parcels' ? { parcels: source.parcels, total: source.parcels.length } : { parcels: streamParcels(source.url), total: source.total };
}

/** The whole layers as sent, or the files read tile by tile (with the reader, for its counts). */
function rulesOf(source: RuleSource): { rules: RuleLayersFor; tiles: RuleTiles | null } {
  if (source.kind === 'layers') return { rules: buildRuleLayers(source.zones, source.controlLines), tiles: null };
  const tiles = new RuleTiles({ zones: httpByteSource(source.zones), controlLines: httpByteSource(source.controlLines) });
  return { rules: tiles, tiles };
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    current = 0;
    return;
  }
  const runId = msg.runId;
  current = runId;
  const t0 = performance.now();
  let checked = 0;
  const { rules, tiles } = rulesOf(msg.rules);
  runBatch(
    { ...parcelsOf(msg.source), rules, policy: msg.policy },
    {
      every: msg.every,
      onProgress: (done, total) => {
        checked = done;
        scope.postMessage({ type: 'progress', runId, done, total });
      },
      // A macrotask between chunks lets a 'cancel' or a newer 'run' be delivered.
      pause: () => new Promise((r) => setTimeout(r, 0)),
      cancelled: () => current !== runId,
    },
  ).then(
    (results) => {
      if (results) scope.postMessage({ type: 'done', runId, total: checked, results, ms: performance.now() - t0, ruleTiles: tiles ? { ...tiles.stats } : null });
    },
    (err: unknown) => scope.postMessage({ type: 'error', runId, message: err instanceof Error ? err.message : String(err) }),
  );
};
