// Strings of the "share" feature. Keys are prefixed "share." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
