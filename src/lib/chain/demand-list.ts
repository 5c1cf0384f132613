// The demand list the user sees = the shipped demands.json with the user's local changes on top. Local changes
// are an overlay, not a copy: `upserts` (edited or added entries, by id) and `removed` (ids of shipped entries
// taken out). A shipped entry edited locally shows the local version; a new shipped entry appears on its own.
import type { Demand } from '../data/schema.ts';
import { validateDemand } from './demand-csv.ts';

export interface DemandOverlay {
  version: 1;
  upserts: Demand[];
  removed: string[];
}

export const EMPTY_OVERLAY: DemandOverlay = Object.freeze({ version: 1, upserts: [], removed: [] }) as DemandOverlay;

export type DemandOrigin = 'shipped' | 'edited' | 'added';

export interface DemandEntry {
  demand: Demand;
  /** 'shared': the workspace's list (the server runs), where `record` says who changed it last and its version. */
  origin: DemandOrigin | 'shared';
  record?: { version: number; updated_by: string; updated_at: string };
}

export function applyOverlay(shipped: readonly Demand[], o: DemandOverlay): DemandEntry[] {
  const up = new Map(o.upserts.map((d) => [d.id, d]));
  const removed = new Set(o.removed);
  const out: DemandEntry[] = [];
  const shippedIds = new Set<string>();
  for (const d of shipped) {
    shippedIds.add(d.id);
    if (removed.has(d.id)) continue;
    const local = up.get(d.id);
    out.push(local ? { demand: local, origin: 'edited' } : { demand: d, origin: 'shipped' });
  }
  for (const d of o.upserts) if (!shippedIds.has(d.id)) out.push({ demand: d, origin: 'added' });
  return out;
}

/** Adds or replaces entries (by id); a re-added shipped id is no longer removed. */
export function upsertDemands(o: DemandOverlay, ds: readonly Demand[]): DemandOverlay {
  const ids = new Set(ds.map((d) => d.id));
  return { version: 1, upserts: [...o.upserts.filter((d) => !ids.has(d.id)), ...ds], removed: o.removed.filter((id) => !ids.has(id)) };
}

/** Replaces entry `oldId` by `d` (an edit that may rename the id). */
export function editDemand(o: DemandOverlay, shipped: readonly Demand[], oldId: string, d: Demand): DemandOverlay {
  const next = oldId !== d.id ? removeDemand(o, shipped, oldId) : o;
  return upsertDemands(next, [d]);
}

export function removeDemand(o: DemandOverlay, shipped: readonly Demand[], id: string): DemandOverlay {
  const isShipped = shipped.some((d) => d.id === id);
  return {
    version: 1,
    upserts: o.upserts.filter((d) => d.id !== id),
    removed: isShipped && !o.removed.includes(id) ? [...o.removed, id] : o.removed,
  };
}

/** Reads a stored overlay; anything unreadable yields the empty overlay (never throws). */
export function parseOverlay(text: string | null): DemandOverlay {
  if (!text) return EMPTY_OVERLAY;
  try {
    const raw = JSON.parse(text) as unknown;
    if (typeof raw !== 'object' || raw === null) return EMPTY_OVERLAY;
    const r = raw as { version?: unknown; upserts?: unknown; removed?: unknown };
    if (r.version !== 1 || !Array.isArray(r.upserts) || !Array.isArray(r.removed)) return EMPTY_OVERLAY;
    const upserts: Demand[] = [];
    for (const u of r.upserts) {
      if (typeof u !== 'object' || u === null) continue;
      const v = validateDemand(u as Record<string, unknown>);
      if (v.ok) upserts.push(v.demand);
    }
    return { version: 1, upserts, removed: r.removed.filter((x): x is string => typeof x === 'string') };
  } catch {
    return EMPTY_OVERLAY;
  }
}
