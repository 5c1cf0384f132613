// A town's label in the page language (English name where the base layer has one), as plain text.
import type { Lang } from '../../lib/i18n/index.ts';

export function townName(props: Readonly<Record<string, unknown>>, lang: Lang): string {
  const name = props[lang === 'en' ? 'name_en' : 'name'] ?? props['name'];
  return typeof name === 'string' ? name : '';
}
