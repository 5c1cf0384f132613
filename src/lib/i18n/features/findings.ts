// Strings of the "findings" feature. Keys are prefixed "findings." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
