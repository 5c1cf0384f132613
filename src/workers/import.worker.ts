// The in-app import off the main thread (issue 13): the readers (Shapefile, GeoPackage with sql.js's wasm, xlsx,
// FlatGeobuf, GeoJSON), the mapping, the pipeline's CRS decision and validation and the rule check all run here.
// Only src/app/import-client.ts creates this worker, and that module is imported lazily, so none of these
// libraries is in a page's bundle: they load on the first import a planner makes.
import sqlWasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import countyJson from '../../data/config/county.json';
import { parseCountyConfig, type Extent } from '../lib/geo/place.ts';
import type { ImportReply, ImportRequest, SourceView } from '../lib/import/import-messages.ts';
import { describeSource, prepareLayer, previewFeatures, suggestFor } from '../lib/import/prepare.ts';
import { readSources } from '../lib/import/read-source.ts';
import type { ImportedLayer } from '../lib/import/types.ts';
import { httpByteSource } from '../lib/data/byte-source.ts';
import { buildRuleLayers } from '../lib/rules/check.ts';
import { ruleLayersNear } from '../lib/rules/layers-near.ts';
import type { RuleLayersFor, RuleSource } from '../lib/rules/rule-tiles.ts';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<ImportRequest>) => void) | null;
  postMessage(m: ImportReply): void;
};

/** Where features must lie, as `tenglong check` decides it: the published build's county, else county.json. */
function extentOf(county: unknown): Extent {
  return county ? parseCountyConfig({ ...(county as object) }, 'manifest.json').extent : parseCountyConfig(countyJson, 'data/config/county.json').extent;
}

/** The layers as the page sent them, or a reader of those meeting a box from their indexed files. */
function rulesOf(source: RuleSource): RuleLayersFor {
  if (source.kind === 'layers') return buildRuleLayers(source.zones, source.controlLines);
  const files = { zones: httpByteSource(source.zones), controlLines: httpByteSource(source.controlLines) };
  return { near: (box) => ruleLayersNear(files, box) };
}

/** The layers of the last read, by the index the dialog knows them under. */
let layers: ImportedLayer[] = [];

async function handle(msg: ImportRequest): Promise<ImportReply> {
  const t0 = performance.now();
  switch (msg.type) {
    case 'read': {
      const r = await readSources(msg.files, { sqlJs: { locateFile: () => sqlWasmUrl } });
      layers = r.imported.filter((s): s is ImportedLayer => s.kind === 'layer');
      // A table (csv, xlsx) joins enterprises to parcels in build-data; the map has nothing to draw for it.
      const tables = r.imported.filter((s) => s.kind === 'table').map((s) => ({ file: s.file, why: 'a table (enterprises): build-data joins it to parcels; the map imports layers only' }));
      const sources: SourceView[] = layers.map((l) => {
        const s = describeSource(l, extentOf(msg.county));
        return { ...s, preview: s.crs.ok ? previewFeatures(l, s.crs.code) : [] };
      });
      return { type: 'read', reqId: msg.reqId, sources, ignored: [...r.ignored, ...tables], errors: r.errors.map((e) => e.message), ms: performance.now() - t0 };
    }
    case 'suggest':
      return { type: 'suggested', reqId: msg.reqId, suggestion: suggestFor(layerAt(msg.source), msg.target) };
    case 'accept': {
      const layer = await prepareLayer(layerAt(msg.source), msg.target, msg.mapping, { rules: rulesOf(msg.context.rules), policy: msg.context.policy, extent: extentOf(msg.county) });
      return { type: 'accepted', reqId: msg.reqId, layer, ms: performance.now() - t0 };
    }
    case 'forget':
      layers = [];
      return { type: 'forgotten', reqId: msg.reqId };
  }
}

function layerAt(i: number): ImportedLayer {
  const l = layers[i];
  if (!l) throw new Error(`no source #${i} in the last read`);
  return l;
}

scope.onmessage = (e) => {
  const msg = e.data;
  handle(msg).then(
    (reply) => scope.postMessage(reply),
    (err: unknown) => scope.postMessage({ type: 'error', reqId: msg.reqId, message: err instanceof Error ? err.message : String(err) }),
  );
};
