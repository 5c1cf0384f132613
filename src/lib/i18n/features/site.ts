// Strings of the "site" feature. Keys are prefixed "site." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
