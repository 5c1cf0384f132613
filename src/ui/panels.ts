// The side-panel tabs of the planner map. Each feature registers its panel here; a panel takes no props and
// reads what it needs from getAppContext(). The first entry is the tab shown when the URL names none or an unknown one.
import type { Component } from 'svelte';
import type { MessageKey } from '../lib/i18n/index.ts';
import type { PanelId } from '../lib/url/params.ts';
import LayerPanel from './LayerPanel.svelte';

/**
 * A tab: the default tab's `component` is bundled with the map page; every other tab has `load`, which imports its
 * module when the tab is first opened.
 */
export type PanelEntry = { id: PanelId; label: MessageKey } & ({ component: Component; load?: never } | { load: () => Promise<{ default: Component }>; component?: never });

// Only the default tab is part of the planner map's first load (issue 16: the first view waits on the code it
// downloads and compiles); the others are their own chunks.
export const PANEL_ENTRIES: PanelEntry[] = [
  { id: 'layers', label: 'layers.title', component: LayerPanel },
  { id: 'draw', label: 'draw.title', load: () => import('./DrawPanel.svelte') },
  { id: 'findings', label: 'findings.title', load: () => import('./FindingsPanel.svelte') },
  { id: 'stats', label: 'stats.title', load: () => import('./StatsPanel.svelte') },
  { id: 'dashboard', label: 'dashboard.title', load: () => import('./DashboardPanel.svelte') },
  { id: 'chains', label: 'chains.title', load: () => import('./ChainPanel.svelte') },
  { id: 'campaign', label: 'campaign.title', load: () => import('./campaign/CampaignTab.svelte') },
];

const loaded = new Map<PanelEntry, Promise<Component>>();

/**
 * The entry's component, or (for a lazily loaded tab) the promise of its module — one per entry, so reopening a tab
 * does not import it again. A failed import is not kept: opening the tab again retries.
 */
export function panelComponent(entry: PanelEntry): Component | Promise<Component> {
  if (entry.component) return entry.component;
  let p = loaded.get(entry);
  if (!p) {
    p = entry.load().then((m) => m.default);
    loaded.set(entry, p);
    p.catch(() => loaded.delete(entry));
  }
  return p;
}
