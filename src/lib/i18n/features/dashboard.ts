// Strings of the "dashboard" feature. Keys are prefixed "dashboard." and must exist in both languages.
export const zh = {
  'dashboard.title': '2025 目标',
  'dashboard.heading': '2025 年目标完成情况（全县）',
  'dashboard.sample': '示例数据：数值由示例数据计算，不代表宁海县真实进度',
  'dashboard.target': '目标',
  'dashboard.value': '现值',
  'dashboard.progress': '进度',
  'dashboard.formula': '公式',
  'dashboard.source': '数据来源',
  'dashboard.unmeasurable': '数据无法衡量',
  'dashboard.loading': '正在加载…',
  'dashboard.noInternal': '无法读取内部数据（企业、项目），看板不可用。',
  'dashboard.failed': '看板数据加载失败：{error}',
  'dashboard.lowEff.heading': '低效用地：各认定标准分别认定的面积（全县）',
  'dashboard.lowEff.total': '低效用地规则认定合计 {mu} 亩（{n} 个地块，满足任一标准，不重复计）',
  'dashboard.lowEff.note': '一个地块可同时满足多项标准，各行相加大于合计；「仅此一项」为只因该标准被认定的面积，即去掉该标准后合计减少的面积。亩均税收指导值为待确认的假设（见标签）。',
  'dashboard.coverage':
    '覆盖范围：本看板只衡量方案中与用地、亩均评价、低效整治、项目与产业链、供地和增减挂钩相关的部分。财税政策（四(一)）、金融支持（四(三)）、人才保障（四(五)）、知识产权保护（三(四)18）、科技攻关与创新主体培育（三(二)6–9）等不在本工具范围内：未显示不等于已达标。详见仓库文档 docs/coverage.md。',
} as const;
export const en: Record<keyof typeof zh, string> = {
  'dashboard.title': '2025 targets',
  'dashboard.heading': 'Progress towards the 2025 targets (county)',
  'dashboard.sample': 'Sample data: values computed from generated data, not Ninghai\'s real progress',
  'dashboard.target': 'Target',
  'dashboard.value': 'Now',
  'dashboard.progress': 'Progress',
  'dashboard.formula': 'Formula',
  'dashboard.source': 'Source',
  'dashboard.unmeasurable': 'Not measurable from the data',
  'dashboard.loading': 'Loading…',
  'dashboard.noInternal': 'Internal data (enterprises, projects) is not available: no dashboard.',
  'dashboard.failed': 'Could not load the dashboard data: {error}',
  'dashboard.lowEff.heading': 'Low-efficiency land: what each criterion flags (county)',
  'dashboard.lowEff.total': 'Low-efficiency by the rule: {mu} mu in all ({n} parcels meeting any criterion, counted once)',
  'dashboard.lowEff.note': 'A parcel may meet several criteria, so the rows add up to more than the total; "only this" is the land flagged by that criterion alone, i.e. what would leave the total without it. The tax-per-mu guideline is an assumption still to be confirmed (see its tag).',
  'dashboard.coverage':
    'Coverage: this dashboard measures only the parts of the plan about land, the per-mu evaluation, low-efficiency rectification, projects and chains, land supply and the land swap. Fiscal policy (四(一)), finance (四(三)), talent (四(五)), intellectual property (三(四)18), technology programmes and innovation firms (三(二)6–9) and more are outside this tool: what is not shown is not thereby met. See docs/coverage.md in the repository.',
};
