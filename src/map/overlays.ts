// Renderless map overlays (drawing, 招商 sites, highlights), each a component that calls getMapContext().
// They are rendered inside <MapView> once the map has loaded.
import type { Component } from 'svelte';
import DrawOverlay from './DrawOverlay.svelte';
import FindingsOverlay from './FindingsOverlay.svelte';

import ChainOverlay from './ChainOverlay.svelte';
export const MAP_OVERLAYS: Component[] = [FindingsOverlay, DrawOverlay, ChainOverlay];
