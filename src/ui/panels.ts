// The side-panel tabs of the planner map. Each feature registers its panel here; a panel takes no props and
// reads what it needs from getAppContext(). Tabs without a component are not shown.
import type { Component } from 'svelte';
import type { MessageKey } from '../lib/i18n/index.ts';
import type { PanelId } from '../lib/url/params.ts';
import LayerPanel from './LayerPanel.svelte';

export interface PanelEntry {
  id: PanelId;
  label: MessageKey;
  component: Component;
}

export const PANEL_ENTRIES: PanelEntry[] = [
  { id: 'layers', label: 'layers.title', component: LayerPanel },
];
