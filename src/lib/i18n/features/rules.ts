// Strings of the "rules" feature. Keys are prefixed "rules." and must exist in both languages.
export const zh = {
  'rules.greenRatio': '绿地率',
  'rules.adminRatio': '行政办公及生活服务设施用地占比',
  'rules.carbonGrade': '碳效码',
  'rules.carbonGradeValue': '{grade} 级（单位增加值碳排放 {l} 吨/万元）',
  'rules.lowEfficiency': '低效用地',
  'rules.failing': '不符合的规则',
  'rules.none': '无',
} as const;
export const en: Record<keyof typeof zh, string> = {
  'rules.greenRatio': 'Green ratio',
  'rules.adminRatio': 'Office and living facilities share',
  'rules.carbonGrade': 'Carbon grade',
  'rules.carbonGradeValue': 'grade {grade} ({l} t CO₂ per 10k CNY value added)',
  'rules.lowEfficiency': 'Low-efficiency land',
  'rules.failing': 'Rules failed',
  'rules.none': 'none',
};
