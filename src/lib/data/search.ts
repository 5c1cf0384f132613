// Search over the parcel index: parcel id / parcel name / enterprise name, case-insensitive substring match,
// one result per enterprise (its largest parcel) so a firm on ten parcels is one line.
/** One row of parcels-index.json (public rows have no enterprise fields). */
export interface SearchEntry {
  id: string;
  name: string;
  centroid: [number, number];
  area_mu_planar: number;
  enterprise_id?: string | null;
  enterprise_name?: string | null;
}

export interface SearchHit {
  kind: 'parcel' | 'enterprise';
  label: string;
  parcelId: string;
  centroid: [number, number];
}

export function search(index: SearchEntry[], query: string, limit = 12): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: SearchHit[] = [];
  const firms = new Map<string, SearchEntry>();
  for (const e of index) {
    if (e.id.toLowerCase().includes(q) || e.name.toLowerCase().includes(q)) {
      if (hits.length < limit) hits.push({ kind: 'parcel', label: `${e.id} ${e.name}`, parcelId: e.id, centroid: e.centroid });
    }
    if (e.enterprise_name && e.enterprise_name.toLowerCase().includes(q)) {
      const prev = firms.get(e.enterprise_name);
      if (!prev || prev.area_mu_planar < e.area_mu_planar) firms.set(e.enterprise_name, e);
    }
  }
  const firmHits = [...firms.entries()].slice(0, limit).map(([name, e]) => ({ kind: 'enterprise' as const, label: name, parcelId: e.id, centroid: e.centroid }));
  return [...firmHits, ...hits].slice(0, limit);
}
