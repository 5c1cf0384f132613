// The planner map's first view waits on a few small reads: the public and internal manifests, then the context layers
// it needs as features — the blocks and town names only when the build has the layers as tiles (the map draws the
// rest from them, and the store reads zones and control lines when a rule needs them), all of them otherwise. Made by
// DataStore.load(), they started only once the page's code and the stores had arrived — a third to half a second of
// chunks after the page opened (issue 16: the first view's time was mostly the app's own start). App.svelte now starts
// them with the page, before the chunks take the browser's connections, and DataStore.load() takes the reads already
// under way. Each is the GET the store would have made, made earlier: its
// answer, or its refusal, is handed over as it came, never asked twice and never started twice — unless a login page
// came first, after which everything is read again (takeFirstViewReads says why).
// The public files need no login and are read at once; internal/manifest.json only once the session says it may be
// read (a request made without the login would be refused, and would be a failed request in the console for nothing).
import { fetchJson, loadDrawnLayers, loadListedLayers, type DrawnLayers, type ListedLayers, type Manifest } from './data-files.ts';

/** The context layers read before the first view: `drawn` is null when the build draws them from tiles. */
export interface FirstViewLayers {
  listed: ListedLayers;
  drawn: DrawnLayers | null;
}

/** internal/manifest.json, or why it could not be read (no login, a deployment serving public data only). */
export type InternalManifest = { ok: true; manifest: Manifest } | { ok: false; error: unknown };

export interface FirstViewReads {
  manifests: Promise<{ manifest: Manifest; internal: InternalManifest }>;
  context: Promise<FirstViewLayers>;
}

interface Reads {
  manifest: Promise<Manifest>;
  context: Promise<FirstViewLayers>;
  internal: Promise<InternalManifest>;
}

/** Reads begun early; `internal` is null when the session, once known, did not allow internal/ (a login page came first). */
interface Started extends Omit<Reads, 'internal'> {
  internal: Promise<InternalManifest | null>;
}

let state: Started | 'taken' | null = null;

function readInternal(): Promise<InternalManifest> {
  return fetchJson<Manifest>('internal/manifest.json').then(
    (manifest): InternalManifest => ({ ok: true, manifest }),
    (error: unknown): InternalManifest => ({ ok: false, error }),
  );
}

function readPublic(): Omit<Reads, 'internal'> {
  const manifest = fetchJson<Manifest>('public/manifest.json');
  const context = manifest.then(async (m): Promise<FirstViewLayers> => {
    const [listed, drawn] = await Promise.all([loadListedLayers(m), m.context_tiles ? null : loadDrawnLayers(m)]);
    return { listed, drawn };
  });
  // Started before anyone awaits them: a failure is the taker's to report, not an unhandled rejection meanwhile.
  manifest.catch(() => undefined);
  context.catch(() => undefined);
  return { manifest, context };
}

/**
 * Starts the first view's reads (once per page: after they were taken, this does nothing). `internalReadable`
 * resolves once the session is known: true when internal/ may be asked for (a login, or no workspace server).
 */
export function startFirstViewReads(internalReadable: Promise<boolean>): void {
  if (state !== null) return;
  state = { ...readPublic(), internal: internalReadable.then((ok) => (ok ? readInternal() : null)) };
}

/** The reads startFirstViewReads() began, or new ones if it was not called; a later call reads afresh. */
export function takeFirstViewReads(): FirstViewReads {
  const early = state !== null && state !== 'taken' ? state : null;
  state = 'taken';
  const fresh = (): Reads => ({ ...readPublic(), internal: readInternal() });
  // Early reads are used only if the session allowed internal/ when it was known. After a login page, time has passed
  // and the data may have been rebuilt: a public manifest of the old build with the new build's files (the release id
  // in every range-read URL) could mix the two, so everything is read afresh.
  const reads: Promise<Reads> = early ? early.internal.then((internal) => (internal ? { ...early, internal: Promise.resolve(internal) } : fresh())) : Promise.resolve(fresh());
  const manifests = reads.then(async (r) => ({ manifest: await r.manifest, internal: await r.internal }));
  const context = reads.then((r) => r.context);
  // The taker awaits the manifests first: a failure there leaves the context unawaited, and is reported once.
  context.catch(() => undefined);
  return { manifests, context };
}
