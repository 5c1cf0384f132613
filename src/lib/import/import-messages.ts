// The messages between the planner and the import worker (src/workers/import.worker.ts). The worker keeps the last
// read's layers, so "accept" sends only which source and how to map it, never the bytes again. `county` is the
// published build's manifest county (null: none), parsed in the worker as `tenglong check` parses it.
import type { AnyGeometry, Feature } from '../data/schema.ts';
import type { Target } from './aliases.ts';
import type { Suggestion, TargetMapping } from './mapping.ts';
import type { Policy } from '../rules/policy.ts';
import type { RuleSource } from '../rules/rule-tiles.ts';
import type { LayerTarget, PreparedLayer, SourceSummary } from './prepare.ts';
import type { FileInput, IgnoredFile } from './types.ts';

/** A layer of the read as the dialog shows it, with its features in lon/lat for the map preview (empty: no CRS). */
export interface SourceView extends SourceSummary {
  preview: Feature<AnyGeometry, { index: number }>[];
}

export type ImportRequest =
  /** Read dropped or picked files (a new read replaces the previous one). */
  | { type: 'read'; reqId: number; files: FileInput[]; county: unknown }
  /** The alias table's suggestion for source `source` of the last read under another target. */
  | { type: 'suggest'; reqId: number; source: number; target: Target }
  /**
   * Map, read, validate and check source `source` of the last read, against the zones and control lines as the page has
   * them or from their files (then only those meeting the accepted parcels' box are read).
   */
  | { type: 'accept'; reqId: number; source: number; target: LayerTarget; mapping: TargetMapping; context: { rules: RuleSource; policy: Policy }; county: unknown }
  /** Drop the last read (the dialog closed). */
  | { type: 'forget'; reqId: number };

export type ImportReply =
  | { type: 'read'; reqId: number; sources: SourceView[]; ignored: IgnoredFile[]; errors: string[]; ms: number }
  | { type: 'suggested'; reqId: number; suggestion: Suggestion }
  | { type: 'accepted'; reqId: number; layer: PreparedLayer; ms: number }
  | { type: 'forgotten'; reqId: number }
  /** Anything the request could not do, as text naming the file (the readers' and the pipeline's messages). */
  | { type: 'error'; reqId: number; message: string };
