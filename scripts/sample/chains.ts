// The sample county's industry chains (shared DOMAIN.md, "Industry chains"). Each link says which industries
// supply its firms; links marked `gap` get no firm and `single` exactly one, so the chain panel has real gaps
// and weak links to show, and the demand list has something to ask for.
import type { Chain, Industry } from '../../src/lib/data/schema.ts';

export interface LinkSpec {
  id: string;
  zh: string;
  en: string;
  /** Relative weight of this link for a chain firm of each industry. */
  from: Partial<Record<Industry, number>>;
  target: 'gap' | 'single' | 'normal';
  /** What the investment office would look for here (招引需求 profile). */
  wanted: string;
}

export interface ChainSpec {
  id: string;
  zh: string;
  en: string;
  /** Parks a demand for this chain prefers. */
  parks: readonly string[];
  links: readonly LinkSpec[];
}

export const CHAIN_SPECS: readonly ChainSpec[] = [
  {
    id: 'auto-mould', zh: '汽车零部件+模具', en: 'Auto parts + moulds', parks: ['梅林橡塑汽配产业基地', '宁海经济开发区', '桥头胡工业园区'],
    links: [
      { id: 'am-material', zh: '原材料与橡塑配套', en: 'Raw materials & rubber/plastic supply', from: { rubber: 1, plastics: 1 }, target: 'normal', wanted: '汽车用特种钢材、工程塑料粒子供应及加工配送企业' },
      { id: 'am-design', zh: '模具设计', en: 'Mould design', from: { moulds: 3 }, target: 'normal', wanted: '汽车大型覆盖件及精密注塑模具设计企业，具备CAE仿真能力' },
      { id: 'am-heat', zh: '热处理与表面处理', en: 'Heat & surface treatment', from: {}, target: 'single', wanted: '集中式热处理、表面处理（电镀/喷涂）共享中心，环保设施达标' },
      { id: 'am-casting', zh: '压铸与铸造', en: 'Die casting & foundry', from: { moulds: 2, auto_parts: 1 }, target: 'normal', wanted: '一体化压铸（6000吨级以上）汽车结构件企业' },
      { id: 'am-machining', zh: '机加工', en: 'Machining', from: { moulds: 2, auto_parts: 3 }, target: 'normal', wanted: '五轴联动精密机加工企业' },
      { id: 'am-finishing', zh: '精加工与涂装', en: 'Finishing & coating', from: { moulds: 1, auto_parts: 1 }, target: 'normal', wanted: '汽车零部件精密研磨、涂装企业' },
      { id: 'am-testing', zh: '检测认证', en: 'Testing & certification', from: {}, target: 'gap', wanted: '第三方汽车零部件检测认证机构，具备CNAS/CMA资质' },
      { id: 'am-assembly', zh: '总成装配', en: 'Module assembly', from: { auto_parts: 2 }, target: 'normal', wanted: '新能源汽车热管理、底盘总成等一级供应商（Tier 1）' },
    ],
  },
  {
    id: 'pv-storage', zh: '光伏+储能', en: 'PV + energy storage', parks: ['宁波南部滨海新区', '宁海经济开发区'],
    links: [
      { id: 'pv-wafer', zh: '硅片', en: 'Wafers', from: {}, target: 'gap', wanted: 'N型大尺寸单晶硅片生产企业' },
      { id: 'pv-cell', zh: '电池片', en: 'Solar cells', from: {}, target: 'single', wanted: 'TOPCon/HJT高效电池片生产企业，转换效率≥25%' },
      { id: 'pv-module', zh: '组件', en: 'Modules', from: { photovoltaic: 4 }, target: 'normal', wanted: '高效双面光伏组件企业' },
      { id: 'pv-inverter', zh: '逆变器', en: 'Inverters', from: { photovoltaic: 1.5 }, target: 'normal', wanted: '组串式/微型逆变器企业' },
      { id: 'es-cell', zh: '储能电芯', en: 'Storage battery cells', from: {}, target: 'single', wanted: '磷酸铁锂储能电芯企业，单体容量≥280Ah' },
      { id: 'es-bms', zh: 'BMS/PCS', en: 'BMS / PCS', from: { energy_storage: 1.5 }, target: 'normal', wanted: '电池管理系统（BMS）与储能变流器（PCS）企业' },
      { id: 'es-integration', zh: '储能系统集成', en: 'Storage system integration', from: { energy_storage: 3 }, target: 'normal', wanted: '工商业及电网侧储能系统集成商' },
      { id: 'pv-operation', zh: '电站运营', en: 'Plant operation', from: { photovoltaic: 1, energy_storage: 1 }, target: 'normal', wanted: '分布式光伏及储能电站投资运营企业' },
    ],
  },
  {
    id: 'stationery', zh: '文具', en: 'Stationery', parks: ['西店滨海工业园区', '宁海经济开发区'],
    links: [
      { id: 'st-material', zh: '原料（塑料粒子、纸张、油墨）', en: 'Raw materials (resin, paper, ink)', from: { stationery_sports: 1.5 }, target: 'normal', wanted: '环保书写油墨、文具专用改性塑料供应企业' },
      { id: 'st-parts', zh: '笔头等精密零部件', en: 'Precision parts (pen tips)', from: {}, target: 'gap', wanted: '笔头、笔尖珠等精密零部件生产企业' },
      { id: 'st-moulding', zh: '注塑成型', en: 'Injection moulding', from: { stationery_sports: 4 }, target: 'normal', wanted: '文具精密注塑及多色注塑企业' },
      { id: 'st-printing', zh: '印刷', en: 'Printing', from: { stationery_sports: 1.5 }, target: 'normal', wanted: '本册、纸品数码印刷企业' },
      { id: 'st-assembly', zh: '组装', en: 'Assembly', from: { stationery_sports: 4 }, target: 'normal', wanted: '自动化文具组装企业' },
      { id: 'st-packaging', zh: '包装', en: 'Packaging', from: {}, target: 'single', wanted: '绿色包装、可降解包装材料企业' },
      { id: 'st-design', zh: '设计与电商', en: 'Design & e-commerce', from: { stationery_sports: 0.8 }, target: 'normal', wanted: '文创设计、跨境电商运营企业' },
    ],
  },
  {
    id: 'new-materials', zh: '新材料', en: 'New materials', parks: ['宁海经济开发区', '宁波南部滨海新区', '强蛟工业园区'],
    links: [
      { id: 'nm-monomer', zh: '基础化工原料', en: 'Base chemicals', from: {}, target: 'single', wanted: '高端聚合单体、特种助剂生产企业（需符合化工园区准入）' },
      { id: 'nm-polymer', zh: '高分子合成', en: 'Polymer synthesis', from: { new_materials: 1.5 }, target: 'normal', wanted: '特种工程塑料合成企业' },
      { id: 'nm-modified', zh: '改性材料', en: 'Modified materials', from: { new_materials: 4 }, target: 'normal', wanted: '汽车及电子用改性塑料企业' },
      { id: 'nm-film', zh: '功能膜材料', en: 'Functional films', from: { new_materials: 2 }, target: 'normal', wanted: '光伏背板膜、锂电隔膜等功能膜企业' },
      { id: 'nm-composite', zh: '复合材料', en: 'Composites', from: { new_materials: 2 }, target: 'normal', wanted: '碳纤维复合材料制品企业' },
      { id: 'nm-recycling', zh: '回收再生', en: 'Recycling', from: {}, target: 'gap', wanted: '废旧光伏组件、动力电池及塑料回收再生企业' },
    ],
  },
];

/** Chain of a firm's industry, if the industry belongs to one (rubber/plastics only join via the 梅林 base). */
export function chainOfIndustry(industry: Industry): ChainSpec | null {
  for (const c of CHAIN_SPECS) if (c.links.some((l) => (l.from[industry] ?? 0) > 0 && l.id !== 'am-material')) return c;
  return null;
}

export function chainSpec(id: string): ChainSpec {
  const c = CHAIN_SPECS.find((x) => x.id === id);
  if (!c) throw new Error(`unknown chain "${id}"`);
  return c;
}

/** Output form (schema `Chain`): links ordered upstream → downstream. */
export function chainsOut(): Chain[] {
  return CHAIN_SPECS.map((c) => ({
    id: c.id,
    name: { zh: c.zh, en: c.en },
    links: c.links.map((l, i) => ({ id: l.id, name: { zh: l.zh, en: l.en }, order: i + 1 })),
  }));
}
