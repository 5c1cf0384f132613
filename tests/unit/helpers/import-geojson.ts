// The GeoJSON `tenglong check` reads for a county's own parcels file, made the way build-data makes it
// (scripts/pipeline/county-sources.ts mappedCollection) under the mapping the in-app import pre-fills (the alias
// table's suggestion for parcels): what the browser's import must agree with, finding for finding.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { mappedCollection } from '../../../scripts/pipeline/county-sources.ts';
import { applyMapping, suggestionToMapping } from '../../../src/lib/import/mapping.ts';
import { suggestFor } from '../../../src/lib/import/prepare.ts';
import { readSources } from '../../../src/lib/import/read-source.ts';
import type { ImportedLayer } from '../../../src/lib/import/types.ts';

/** Writes `out`; returns the layer read and how many records the mapping could not take (they would differ). */
export async function writeMappedParcels(file: string, out: string): Promise<{ layer: ImportedLayer; problems: number }> {
  const r = await readSources([{ name: basename(file), bytes: new Uint8Array(readFileSync(file)) }]);
  const layer = r.imported.find((s): s is ImportedLayer => s.kind === 'layer');
  if (!layer) throw new Error(`${file}: no layer (${r.errors.map((e) => e.message).join('; ')})`);
  const mapping = suggestionToMapping(suggestFor(layer, 'parcels'), layer.file);
  const applied = layer.features.map((f) => applyMapping('parcels', f.properties, mapping));
  const { collection, problems } = mappedCollection('parcels', layer, applied, false);
  writeFileSync(out, JSON.stringify(collection));
  return { layer, problems };
}

export interface CheckLine {
  id: string;
  findings: { rule: string; status: string; message: { zh: string; en: string } }[];
}

/** `tenglong check --json` output, one parsed line per checked parcel. */
export function parseCheckLines(stdout: string): CheckLine[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as CheckLine);
}
