// The planner's side of the import worker: one request, one promise. Imported lazily by ImportedLayers (never
// statically from a page), so the worker and the readers it bundles are fetched only when a planner imports.
import type { ImportReply, ImportRequest } from '../lib/import/import-messages.ts';

type Reply<T extends ImportReply['type']> = Extract<ImportReply, { type: T }>;
/** A request without its id (the client numbers them); distributive, so each variant keeps its own fields. */
type Ask = ImportRequest extends infer R ? (R extends ImportRequest ? Omit<R, 'reqId'> : never) : never;

export class ImportClient {
  private readonly worker = new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module' });
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: ImportReply) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = (e: MessageEvent<ImportReply>) => {
      const w = this.waiting.get(e.data.reqId);
      if (!w) return;
      this.waiting.delete(e.data.reqId);
      if (e.data.type === 'error') w.reject(new Error(e.data.message));
      else w.resolve(e.data);
    };
    this.worker.onerror = (e) => {
      const err = new Error(e.message || 'import worker error');
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
  }

  /** Sends a request; resolves with the reply of type `expect` (an 'error' reply rejects with its message). */
  ask<T extends ImportReply['type']>(req: Ask, expect: T, transfer: Transferable[] = []): Promise<Reply<T>> {
    const reqId = ++this.next;
    return new Promise<Reply<T>>((resolve, reject) => {
      this.waiting.set(reqId, {
        resolve: (r) => (r.type === expect ? resolve(r as Reply<T>) : reject(new Error(`import worker answered ${r.type}, not ${expect}`))),
        reject,
      });
      this.worker.postMessage({ ...req, reqId } as ImportRequest, transfer);
    });
  }

  terminate(): void {
    this.worker.terminate();
  }
}
