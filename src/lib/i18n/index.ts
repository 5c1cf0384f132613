// Every user-facing string goes through t(); zh is the default and the reference for keys.
import { en } from './en.ts';
import { zh, type MessageKey } from './zh.ts';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export type { MessageKey };

const DICTS: Record<Lang, Record<MessageKey, string>> = { zh, en };

export function t(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const s = DICTS[lang][key];
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Numbers with units: fixed decimals and locale grouping, the unit from the dictionary. */
export function formatNumber(lang: Lang, n: number, digits = 2): string {
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
