// The side-panel tabs of the planner map. Each feature registers its panel here; a panel takes no props and
// reads what it needs from getAppContext(). The first entry is the tab shown when the URL names none or an unknown one.
import type { Component } from 'svelte';
import type { MessageKey } from '../lib/i18n/index.ts';
import type { PanelId } from '../lib/url/params.ts';
import LayerPanel from './LayerPanel.svelte';
import DrawPanel from './DrawPanel.svelte';
import FindingsPanel from './FindingsPanel.svelte';
import StatsPanel from './StatsPanel.svelte';
import DashboardPanel from './DashboardPanel.svelte';
import ChainPanel from './ChainPanel.svelte';
import CampaignTab from './campaign/CampaignTab.svelte';

export interface PanelEntry {
  id: PanelId;
  label: MessageKey;
  component: Component;
}

export const PANEL_ENTRIES: PanelEntry[] = [
  { id: 'layers', label: 'layers.title', component: LayerPanel },
  { id: 'draw', label: 'draw.title', component: DrawPanel },
  { id: 'findings', label: 'findings.title', component: FindingsPanel },
  { id: 'stats', label: 'stats.title', component: StatsPanel },
  { id: 'dashboard', label: 'dashboard.title', component: DashboardPanel },
  { id: 'chains', label: 'chains.title', component: ChainPanel },
  { id: 'campaign', label: 'campaign.title', component: CampaignTab },
];
