// The app's shared state, in one place: the URL (what can be linked) and one named store for each thing
// that cannot live in a URL (loaded data, the 招商 lists and their local edits, the batch check, the drawn
// parcel, the imported layers, the search box's query). Created once per app by App.svelte for the routes that need them and handed to pages as props;
// below a page, components reach them through the typed app context (context.ts). See docs/adr/0016.
import { BatchCheck } from './batch-check.svelte.ts';
import { CampaignRegisters } from './campaign-registers.svelte.ts';
import { ChainStore } from './chain-store.svelte.ts';
import { DataStore } from './data-store.svelte.ts';
import { DrawState } from './draw-state.svelte.ts';
import { ImportedLayers } from './imported-layers.svelte.ts';
import { ParcelSearch } from './parcel-search.svelte.ts';
import { ParcelStatusStore } from './parcel-status.svelte.ts';
import type { Session } from './session.svelte.ts';
import type { UrlState } from './url-state.svelte.ts';

export interface AppStores {
  url: UrlState;
  /** Who is logged in (or that no workspace server runs); created by App.svelte before the stores. */
  session: Session;
  data: DataStore;
  chains: ChainStore;
  batch: BatchCheck;
  draw: DrawState;
  imports: ImportedLayers;
  /** The workspace's parcel status edits (read when logged in to a workspace server). */
  parcelStatus: ParcelStatusStore;
  /** The campaign's registers (issue 15): the workspace's records, or the delivered files without a server. */
  registers: CampaignRegisters;
  /** The search box's query and hits (on the workspace server when it runs). */
  search: ParcelSearch;
}

/** Creates the stores and starts loading the data (after the session is settled: internal/ needs the login). */
export function createAppStores(url: UrlState, session: Session): AppStores {
  const data = new DataStore();
  const imports = new ImportedLayers(session);
  const registers = new CampaignRegisters();
  // The first view's data first (issue 16). The manifests and context layers were asked for when the page opened
  // (first-view-data.ts); the campaign registers, which the default view draws (the map is made once they are in),
  // are asked for now. The workspace's other records wait until the first view's data is in: asked at the same time,
  // their database reads (one process with the static files, PGlite in it) held the data's answers back.
  const parcelStatus = new ParcelStatusStore(session);
  void registers.load(session.shared);
  void data.load().finally(() => {
    void imports.load();
    parcelStatus.ensureLoaded();
  });
  return { url, session, data, chains: new ChainStore(data, url, session), batch: new BatchCheck(url), draw: new DrawState(), imports, parcelStatus, registers, search: new ParcelSearch(session, data) };
}
