// Strings of the "rules" feature. Keys are prefixed "rules." and must exist in both languages.
export const zh = {
  'rules.greenRatio': '绿地率',
  'rules.adminRatio': '行政办公及生活服务设施用地占比',
  'rules.carbonGrade': '碳效码',
  'rules.carbonGradeValue': '{grade} 级（单位增加值碳排放 {l} 吨/万元）',
  'rules.lowEfficiency': '低效用地',
  'rules.failing': '不符合的规则',
  'rules.none': '无',
  'rules.source.plan': '方案 {clause}',
  'rules.source.standard': '标准',
  'rules.source.assumption': '假设·待{who}确认',
  'rules.source.title': '依据：{what}',
} as const;
export const en: Record<keyof typeof zh, string> = {
  'rules.greenRatio': 'Green ratio',
  'rules.adminRatio': 'Office and living facilities share',
  'rules.carbonGrade': 'Carbon grade',
  'rules.carbonGradeValue': 'grade {grade} ({l} t CO₂ per 10k CNY value added)',
  'rules.lowEfficiency': 'Low-efficiency land',
  'rules.failing': 'Rules failed',
  'rules.none': 'none',
  'rules.source.plan': 'plan {clause}',
  'rules.source.standard': 'standard',
  'rules.source.assumption': 'assumption · to be confirmed by {who}',
  'rules.source.title': 'Source: {what}',
};
