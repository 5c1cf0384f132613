// Strings of the "print" feature. Keys are prefixed "print." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
