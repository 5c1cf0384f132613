// Strings of the "chains" feature. Keys are prefixed "chains." and must exist in both languages.
export const zh = {} as const;
export const en: Record<keyof typeof zh, string> = {};
