// Batch check of every parcel off the main thread. Receives a BatchRequest, answers with progress every
// `every` parcels and one 'done' (or 'error'); a newer 'run' or a 'cancel' stops the current run between chunks.
import { runBatch, type BatchReply, type BatchRequest } from '../lib/draw/batch.ts';

interface CancelRequest {
  type: 'cancel';
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<BatchRequest | CancelRequest>) => void) | null;
  postMessage(m: BatchReply): void;
};

let current = 0;

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'cancel') {
    current = 0;
    return;
  }
  const runId = msg.runId;
  current = runId;
  const t0 = performance.now();
  runBatch(msg, {
    every: msg.every,
    onProgress: (done, total) => scope.postMessage({ type: 'progress', runId, done, total }),
    // A macrotask between chunks lets a 'cancel' or a newer 'run' be delivered.
    pause: () => new Promise((r) => setTimeout(r, 0)),
    cancelled: () => current !== runId,
  }).then(
    (results) => {
      if (results) scope.postMessage({ type: 'done', runId, total: msg.parcels.length, results, ms: performance.now() - t0 });
    },
    (err: unknown) => scope.postMessage({ type: 'error', runId, message: err instanceof Error ? err.message : String(err) }),
  );
};
