// Strings of the "dashboard" feature. Keys are prefixed "dashboard." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
