// Test hooks: e2e specs ask the map and the print page what they drew, which the DOM cannot tell them. Only an
// e2e build (`vite build --mode e2e`, as tests/e2e/run.mjs makes) has them: call addTestHooks only inside
// `if (import.meta.env.MODE === 'e2e')`, a compile-time constant, so a production build drops the hook code
// and this module with it (tests/unit/bundle-budget.test.ts checks that no hook name ships).
type Hooks = Record<string, unknown>;
export type HookGlobal = '__tenglongTest' | '__tenglongPrint';

/** Adds hooks to `window[global]`; returns a function that removes exactly these again. */
export function addTestHooks(hooks: Hooks, global: HookGlobal = '__tenglongTest'): () => void {
  const w = window as unknown as Record<HookGlobal, Hooks | undefined>;
  const into = (w[global] ??= {});
  Object.assign(into, hooks);
  return () => {
    for (const k of Object.keys(hooks)) if (into[k] === hooks[k]) delete into[k];
  };
}

/**
 * A setting an e2e spec put on `window.__tenglongTestSettings` before the app started (page.addInitScript), e.g.
 * `parcelsByIds: 'ids'` to take the by-id path on the small sample county; undefined when none. Call it only inside
 * `if (import.meta.env.MODE === 'e2e')`, as addTestHooks.
 */
export function testSetting(name: string): unknown {
  const settings = (window as unknown as { __tenglongTestSettings?: Record<string, unknown> }).__tenglongTestSettings;
  return settings && Object.hasOwn(settings, name) ? settings[name] : undefined;
}
