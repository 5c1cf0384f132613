// Colours of imported features by their worst finding: the findings panel's red and orange (FindingsOverlay), green
// where every rule passes, grey for a layer the rules do not check (control lines, zones, blocks). One definition
// for the map's paint expression and the layer panel's legend.
import type { MessageKey } from '../i18n/index.ts';

export const IMPORT_VERDICTS = ['fail', 'warn', 'pass', 'none'] as const;
export type ImportVerdict = (typeof IMPORT_VERDICTS)[number];

export const IMPORT_VERDICT_COLOURS: Record<ImportVerdict, string> = { fail: '#d32f2f', warn: '#fb8c00', pass: '#2e7d32', none: '#607d8b' };

export const IMPORT_LEGEND: { key: ImportVerdict; label: MessageKey; colour: string }[] = (['fail', 'warn', 'pass'] as const).map((k) => ({
  key: k,
  label: `import.verdict.${k}`,
  colour: IMPORT_VERDICT_COLOURS[k],
}));

/** A MapLibre `match` on the feature's `verdict` property. */
export function importColourExpression(): unknown[] {
  return ['match', ['get', 'verdict'], ...IMPORT_VERDICTS.flatMap((v) => [v, IMPORT_VERDICT_COLOURS[v]]), IMPORT_VERDICT_COLOURS.none];
}
