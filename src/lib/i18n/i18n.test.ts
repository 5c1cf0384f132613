import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { formatNumber, t } from './index.ts';
import { zh } from './zh.ts';

describe('i18n', () => {
  it('has the same keys in both languages and no empty string', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const v of [...Object.values(zh), ...Object.values(en)]) expect(v.trim()).not.toBe('');
  });
  it('fills variables and leaves unknown ones visible', () => {
    expect(t('zh', 'data.failed', { error: '404' })).toBe('数据加载失败：404');
    expect(t('en', 'data.failed')).toBe('Data failed to load: {error}');
  });
  it('formats numbers with fixed decimals', () => {
    expect(formatNumber('zh', 12345.678)).toBe('12,345.68');
    expect(formatNumber('en', 0.5, 1)).toBe('0.5');
  });
});
