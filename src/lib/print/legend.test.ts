import { describe, expect, it } from 'vitest';
import { t } from '../i18n/index.ts';
import { printLegend } from './legend.ts';

describe('print legend', () => {
  it('lists what the layer panel lists for the visible layers, in map order', () => {
    const labels = printLegend(['parcels', 'control-lines', 'low-efficiency', 'zones'], 'grade').flatMap((g) => g.items.map((i) => t('zh', i.label)));
    expect(labels).toEqual(['A 类', 'B 类', 'C 类', 'D 类', '未参评/无企业', '一级控制线', '二级控制线', '低效工业区块', '中心城区限制区（示意范围）', '规划用途已调整（5年内暂不实施）']);
  });
  it('follows the colour mode and drops hidden layers', () => {
    const g = printLegend(['parcels'], 'far');
    expect(g).toHaveLength(1);
    expect(g[0]!.items.map((i) => i.key)).toEqual(['ok', 'below', 'over', 'unknown']);
    expect(printLegend([], 'grade')).toEqual([]);
    expect(printLegend(['zones'], 'grade')[0]!.items.map((i) => i.swatch)).toEqual(['dashed-outline', 'dashed-outline']);
  });
  it('lists the campaign layers (issue 15) with the plan progress of the blocks when they have plans', () => {
    const g = printLegend(['low-efficiency', 'cases', 'projects', 'small-parks', 'standard-land'], 'grade', { blockPlans: true });
    expect(g.map((x) => x.layer)).toEqual(['low-efficiency', 'cases', 'projects', 'small-parks', 'standard-land']);
    expect(g[0]!.items.map((i) => i.swatch)).toEqual(['outline', 'progress']);
    expect(g[1]!.items.map((i) => t('zh', i.label))).toEqual(['依法关停退出', '兼并重组', '整体腾退', '搬迁入园', '改造提升', '已销号/关停退出（浅色、虚线）']);
    expect(g[2]!.items.at(-1)!.colour).toBe('#e31a1c');
    expect(g[4]!.items.map((i) => [i.key, i.swatch])).toEqual([
      ['met', 'fill'],
      ['unmet', 'fill'],
      ['no_data', 'fill'],
      ['not_due', 'outline'],
    ]);
    expect(printLegend(['low-efficiency'], 'grade')[0]!.items).toHaveLength(1);
  });
});
