// The internal tables the stats and dashboard panels need beyond DataStore (enterprises.json, projects.json),
// fetched once per page and shared by both panels. A refused internal/ path (no login) rejects the promise.
import type { Enterprise, Project } from '../lib/data/schema.ts';

export interface StatsTables {
  enterprises: Enterprise[];
  projects: Project[];
}

let pending: Promise<StatsTables> | null = null;

async function get<T>(file: string, key: string): Promise<T[]> {
  const url = `${import.meta.env.BASE_URL}data/internal/${file}`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const raw = (await res.json()) as unknown;
  if (Array.isArray(raw)) return raw as T[];
  const list = (raw as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new Error(`${url}: no "${key}" list`);
  return list as T[];
}

export function loadStatsTables(): Promise<StatsTables> {
  pending ??= Promise.all([get<Enterprise>('enterprises.json', 'enterprises'), get<Project>('projects.json', 'projects')]).then(
    ([enterprises, projects]) => ({ enterprises, projects }),
    (e: unknown) => {
      pending = null;
      throw e;
    },
  );
  return pending;
}
