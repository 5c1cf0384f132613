// Strings of the "draw" feature. Keys are prefixed "draw." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
