// Publishing over HTTP (issue 14, "Publishing"): GET /preview says what the workspace's parcel status edits would
// change in the served data (and which of it prospects will see); POST / rebuilds the data with them and answers
// the build's summary. One publish at a time: another request while one runs is 409 (a build started elsewhere on
// the same store — the CLI — is refused by the store's lock, also 409). Nothing changes unless the build completes.
import { Hono } from 'hono';
import { BuildRefused } from '../../scripts/build-data.ts';
import { StoreError } from '../../scripts/pipeline/store.ts';
import { editsOf, previewPublish, publish } from '../../scripts/publish.ts';
import type { PublishPreview } from '../../src/lib/workspace/parcel-status.ts';
import { PARCEL_STATUS, type RecordStore } from '../workspace/record-store.ts';
import { ApiError, type ApiEnv, type ApiOptions, type PublishConfig } from './context.ts';
import { requireUser } from './guards.ts';

export function publishRoutes(records: RecordStore, opts: ApiOptions): Hono<ApiEnv> {
  let running: { by: string; since: string } | null = null;
  const configured = (): PublishConfig => {
    if (!opts.publish) throw new ApiError(404, 'publishing is not configured on this server');
    return opts.publish;
  };
  const edits = async () => editsOf(await records.list(PARCEL_STATUS));

  return new Hono<ApiEnv>()
    .get('/preview', async (c) => {
      requireUser(c, 'publish');
      const cfg = configured();
      const preview: PublishPreview = { ...(await previewPublish(cfg.dataDir, await edits())), running };
      return c.json(preview);
    })
    .post('/', async (c) => {
      const user = requireUser(c, 'publish');
      const cfg = configured();
      // Taken before the first await, so two requests cannot both pass.
      if (running) throw new ApiError(409, `a publish is already running (started by ${running.by} at ${running.since}): wait for it, then look at the preview again`, { running });
      running = { by: user.name, since: new Date().toISOString() };
      try {
        const { result } = await publish({
          dataDir: cfg.dataDir,
          sourceDir: cfg.sourceDir,
          edits: await edits(),
          ...(cfg.policyFile !== undefined ? { policyFile: cfg.policyFile } : {}),
          ...(cfg.storeDir !== undefined ? { store: cfg.storeDir } : {}),
        });
        console.log(`tenglong: ${user.name} published release ${result.release} (${result.edits.applied} status edits applied, ${result.changes.length} changes)`);
        return c.json(result);
      } catch (e) {
        if (e instanceof StoreError) throw new ApiError(409, `cannot publish now: ${e.message}`);
        if (e instanceof BuildRefused) throw new ApiError(422, `nothing was published (the data stays as it was): ${e.message}`);
        throw e;
      } finally {
        running = null;
      }
    });
}
