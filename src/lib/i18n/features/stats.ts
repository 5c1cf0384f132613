// Strings of the "stats" feature. Keys are prefixed "stats." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
