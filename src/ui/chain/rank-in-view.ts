// 按当前地图范围找地: the map's current view becomes the ranking's area (the URL's sa=). One function for the site
// list's area line and the large territory's question (WholeAsk).
import type { ChainStore } from '../../app/chain-store.svelte.ts';
import type { AppContext } from '../../app/context.ts';

export function rankInView(app: AppContext, store: ChainStore): void {
  const b = app.viewBounds();
  if (b) store.setArea(b);
}
