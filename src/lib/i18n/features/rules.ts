// Strings of the "rules" feature. Keys are prefixed "rules." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
