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
};
