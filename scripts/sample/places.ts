// Where the sample county sits: town centres and parks at their real (approximate) locations (shared DOMAIN.md,
// "Coordinates"), plus hand-drawn approximate outlines for the county, the sea and the central restricted area.
// Everything drawn here is labelled approximate in the output: none of it is survey data.
import type { Industry, Position } from '../../src/lib/data/schema.ts';

export interface Town {
  id: string;
  name: string;
  name_en: string;
  kind: 'subdistrict' | 'town' | 'township';
  at: Position;
}

export const TOWNS: readonly Town[] = [
  { id: 'yuelong', name: '跃龙街道', name_en: 'Yuelong Subdistrict', kind: 'subdistrict', at: [121.425, 29.288] },
  { id: 'taoyuan', name: '桃源街道', name_en: 'Taoyuan Subdistrict', kind: 'subdistrict', at: [121.438, 29.318] },
  { id: 'meilin', name: '梅林街道', name_en: 'Meilin Subdistrict', kind: 'subdistrict', at: [121.44, 29.382] },
  { id: 'qiaotouhu', name: '桥头胡街道', name_en: 'Qiaotouhu Subdistrict', kind: 'subdistrict', at: [121.48, 29.355] },
  { id: 'xidian', name: '西店镇', name_en: 'Xidian Town', kind: 'town', at: [121.435, 29.51] },
  { id: 'dajiahe', name: '大佳何镇', name_en: 'Dajiahe Town', kind: 'town', at: [121.487, 29.415] },
  { id: 'qiangjiao', name: '强蛟镇', name_en: 'Qiangjiao Town', kind: 'town', at: [121.57, 29.462] },
  { id: 'changjie', name: '长街镇', name_en: 'Changjie Town', kind: 'town', at: [121.61, 29.23] },
  { id: 'liyang', name: '力洋镇', name_en: 'Liyang Town', kind: 'town', at: [121.565, 29.268] },
  { id: 'chayuan', name: '茶院乡', name_en: 'Chayuan Township', kind: 'township', at: [121.508, 29.238] },
];

/** One industrial area: a street grid of blocks filled with parcels. */
export interface AreaSpec {
  key: string;
  /** Park name written on parcels; null for scattered old industry outside any park. */
  park: string | null;
  park_en: string;
  /** Prefix of parcel and block names, e.g. 梅林-3-05号地块. */
  short: string;
  centre: Position;
  /** Town ids a parcel may belong to (the nearest centre wins). */
  towns: readonly string[];
  /** Share of all parcels placed here. */
  share: number;
  /** Grid cells farther than this (metres) from the centre are never used. */
  maxRadius: number;
  /** Elongation of the filled area along the grid axes. */
  aspect: [number, number];
  /** Grid rotation range in degrees. */
  rotation: [number, number];
  /** Median parcel size (亩) and log-space spread. */
  parcelMu: [number, number];
  /** Chance that a block is a 小微企业园-style block of 3–6 亩 lots. */
  smallLots: number;
  /** Weight of this area in the county quota of 150–400 亩 parcels (0 = none here). */
  big: number;
  /** 0 = old industry, 1 = new park: drives 标准地, new-project statuses and plot ratios. */
  newness: number;
  industries: readonly (readonly [Industry, number])[];
  /** Weight for choosing low-efficiency blocks here (old areas more). */
  lowEff: number;
  /** Level-2 control line around the whole area (level 1 always covers the core of a park). */
  outerLine: boolean;
}

// Order matters: areas are laid out in this order and later grids give way to earlier ones where they meet,
// so the small old 跃龙 area comes first and the 开发区 grows around it.
export const AREAS: readonly AreaSpec[] = [
  {
    key: 'yuelong-old', park: null, park_en: 'Yuelong old industrial cluster', short: '跃龙老工业点', centre: [121.4285, 29.2905],
    towns: ['yuelong'], share: 0.008, maxRadius: 420, aspect: [1, 1], rotation: [-4, 4], parcelMu: [5, 0.35], smallLots: 0.5,
    big: 0, newness: 0.05, lowEff: 3, outerLine: false,
    industries: [['general', 3], ['textiles', 2], ['food', 1.5], ['moulds', 1], ['stationery_sports', 1]],
  },
  {
    key: 'kaifaqu', park: '宁海经济开发区', park_en: 'Ninghai Economic Development Zone (Science Park)', short: '宁海开发区',
    centre: [121.44, 29.313], towns: ['yuelong', 'taoyuan'], share: 0.22, maxRadius: 3200, aspect: [1.25, 0.9],
    rotation: [4, 12], parcelMu: [11, 0.7], smallLots: 0.08, big: 0.35, newness: 0.55, lowEff: 1.2, outerLine: true,
    industries: [
      ['general', 3], ['moulds', 2], ['auto_parts', 2], ['stationery_sports', 1.5], ['new_materials', 1.5], ['pharma', 1],
      ['food', 0.7], ['plastics', 1], ['photovoltaic', 0.5], ['energy_storage', 0.5], ['aviation', 0.3],
    ],
  },
  {
    key: 'binhai', park: '宁波南部滨海新区', park_en: 'Ningbo Southern Coastal New Area', short: '滨海新区', centre: [121.55, 29.25],
    towns: ['liyang', 'changjie', 'chayuan'], share: 0.14, maxRadius: 3200, aspect: [1.1, 1], rotation: [-10, -2],
    parcelMu: [16, 0.65], smallLots: 0.03, big: 0.6, newness: 0.95, lowEff: 0.3, outerLine: true,
    industries: [
      ['photovoltaic', 3], ['energy_storage', 2.5], ['new_materials', 2.5], ['aviation', 0.8], ['general', 1], ['auto_parts', 1],
    ],
  },
  {
    key: 'xidian', park: '西店滨海工业园区', park_en: 'Xidian Coastal Industrial Park', short: '西店', centre: [121.435, 29.51],
    towns: ['xidian'], share: 0.12, maxRadius: 3000, aspect: [1.4, 0.8], rotation: [-14, -6], parcelMu: [9, 0.7],
    smallLots: 0.15, big: 0.2, newness: 0.35, lowEff: 1.5, outerLine: true,
    industries: [['stationery_sports', 4], ['moulds', 2.5], ['plastics', 1.5], ['general', 1], ['textiles', 0.5]],
  },
  {
    key: 'meilin', park: '梅林橡塑汽配产业基地', park_en: 'Meilin Rubber, Plastics & Auto Parts Base', short: '梅林', centre: [121.44, 29.382],
    towns: ['meilin'], share: 0.12, maxRadius: 2800, aspect: [1.2, 1], rotation: [-6, 3], parcelMu: [10, 0.7], smallLots: 0.12,
    big: 0.2, newness: 0.3, lowEff: 1.6, outerLine: true,
    industries: [['rubber', 2.5], ['plastics', 2.5], ['auto_parts', 3], ['moulds', 1.5], ['general', 0.7]],
  },
  {
    key: 'qiaotouhu', park: '桥头胡工业园区', park_en: 'Qiaotouhu Industrial Park', short: '桥头胡', centre: [121.48, 29.355],
    towns: ['qiaotouhu'], share: 0.085, maxRadius: 2400, aspect: [1, 1.1], rotation: [8, 16], parcelMu: [9, 0.65],
    smallLots: 0.12, big: 0.05, newness: 0.25, lowEff: 1.8, outerLine: true,
    industries: [['moulds', 2.5], ['auto_parts', 2], ['general', 2], ['stationery_sports', 1], ['metal_smelting', 0.5], ['plastics', 0.8]],
  },
  {
    key: 'dajiahe', park: '大佳何工业园区', park_en: 'Dajiahe Industrial Park', short: '大佳何', centre: [121.487, 29.415],
    towns: ['dajiahe'], share: 0.07, maxRadius: 2200, aspect: [1.2, 0.9], rotation: [-3, 5], parcelMu: [8, 0.65],
    smallLots: 0.1, big: 0, newness: 0.2, lowEff: 1.5, outerLine: true,
    industries: [['general', 2], ['food', 1.5], ['textiles', 1.5], ['moulds', 1.5], ['stationery_sports', 1], ['plastics', 1]],
  },
  {
    key: 'liyang', park: '力洋工业园区', park_en: 'Liyang Industrial Park', short: '力洋', centre: [121.565, 29.268],
    towns: ['liyang'], share: 0.06, maxRadius: 2200, aspect: [1, 1.2], rotation: [2, 10], parcelMu: [10, 0.65], smallLots: 0.06,
    big: 0.2, newness: 0.45, lowEff: 0.9, outerLine: false,
    industries: [['general', 2], ['moulds', 1.5], ['auto_parts', 1.5], ['photovoltaic', 1], ['plastics', 1]],
  },
  {
    key: 'chayuan', park: '茶院工业园区', park_en: 'Chayuan Industrial Park', short: '茶院', centre: [121.508, 29.238],
    towns: ['chayuan'], share: 0.06, maxRadius: 2200, aspect: [1.1, 1], rotation: [-8, 0], parcelMu: [9, 0.6], smallLots: 0.08,
    big: 0, newness: 0.3, lowEff: 1.2, outerLine: true,
    industries: [['general', 2], ['food', 1.5], ['plastics', 1], ['textiles', 1], ['pharma', 0.5], ['chemicals', 0.5]],
  },
  {
    key: 'changjie', park: '长街工业园区', park_en: 'Changjie Industrial Park', short: '长街', centre: [121.61, 29.23],
    towns: ['changjie'], share: 0.07, maxRadius: 2200, aspect: [1.3, 0.9], rotation: [-12, -4], parcelMu: [10, 0.65],
    smallLots: 0.08, big: 0.08, newness: 0.35, lowEff: 1, outerLine: false,
    industries: [['food', 2], ['general', 2], ['textiles', 1], ['new_materials', 1], ['moulds', 0.8]],
  },
  {
    key: 'qiangjiao', park: '强蛟工业园区', park_en: 'Qiangjiao Industrial Park', short: '强蛟', centre: [121.57, 29.462],
    towns: ['qiangjiao'], share: 0.047, maxRadius: 2000, aspect: [1.2, 0.9], rotation: [10, 18], parcelMu: [11, 0.65],
    smallLots: 0.04, big: 0.3, newness: 0.4, lowEff: 1, outerLine: true,
    industries: [['general', 1.5], ['new_materials', 1.5], ['metal_smelting', 1], ['chemicals', 1], ['energy_storage', 0.5]],
  },
];

/** Approximate county outline, clockwise from the west (a sketch, not the legal boundary). */
export const COUNTY_OUTLINE: readonly Position[] = [
  [121.1, 29.3], [121.12, 29.4], [121.18, 29.47], [121.25, 29.52], [121.33, 29.565], [121.4, 29.56],
  [121.46, 29.548], [121.5, 29.525], [121.535, 29.5], [121.55, 29.49], [121.59, 29.484], [121.615, 29.462],
  [121.6, 29.44], [121.63, 29.4], [121.67, 29.33], [121.685, 29.27], [121.665, 29.215], [121.625, 29.198],
  [121.575, 29.205], [121.535, 29.205], [121.49, 29.19], [121.45, 29.16], [121.4, 29.12], [121.32, 29.1],
  [121.22, 29.13], [121.15, 29.2],
];

export interface WaterSketch {
  id: string;
  name: string;
  name_en: string;
  kind: 'sea' | 'reservoir' | 'river';
}

/** Sea polygons share the coast vertices of COUNTY_OUTLINE so land and sea meet without a sliver. */
export const SEAS: readonly (WaterSketch & { ring: readonly Position[] })[] = [
  {
    id: 'sea-xiangshangang', name: '象山港（示意）', name_en: 'Xiangshan Harbour (approximate)', kind: 'sea',
    ring: [
      [121.4, 29.56], [121.46, 29.548], [121.5, 29.525], [121.535, 29.5], [121.55, 29.49], [121.59, 29.484], [121.615, 29.462],
      [121.64, 29.47], [121.7, 29.52], [121.66, 29.6], [121.52, 29.62], [121.42, 29.6],
    ],
  },
  {
    id: 'sea-sanmenwan', name: '三门湾（示意）', name_en: 'Sanmen Bay (approximate)', kind: 'sea',
    ring: [
      [121.685, 29.27], [121.665, 29.215], [121.625, 29.198], [121.575, 29.205], [121.535, 29.205], [121.49, 29.19],
      [121.45, 29.16], [121.47, 29.12], [121.6, 29.1], [121.75, 29.14], [121.76, 29.24],
    ],
  },
];

/** Reservoirs as ellipses: centre, semi-axes (m), rotation (degrees). */
export const RESERVOIRS: readonly (WaterSketch & { centre: Position; axes: [number, number]; rotation: number })[] = [
  { id: 'res-baixi', name: '白溪水库（示意）', name_en: 'Baixi Reservoir (approximate)', kind: 'reservoir', centre: [121.27, 29.2], axes: [1600, 600], rotation: 30 },
  { id: 'res-xixi', name: '西溪水库（示意）', name_en: 'Xixi Reservoir (approximate)', kind: 'reservoir', centre: [121.31, 29.31], axes: [1200, 500], rotation: -20 },
];

/** A river as a centre line, drawn as a 60 m wide polygon; routed between the parks on purpose. */
export const RIVERS: readonly (WaterSketch & { line: readonly Position[]; width: number })[] = [
  {
    id: 'river-fuxi', name: '凫溪（示意）', name_en: 'Fuxi River (approximate)', kind: 'river', width: 60,
    line: [
      [121.28, 29.345], [121.34, 29.338], [121.39, 29.343], [121.455, 29.36], [121.5, 29.39], [121.53, 29.43], [121.545, 29.47],
      [121.556, 29.492],
    ],
  },
];

/**
 * 中心城区限制区: the seed bounds it by 兴海路, 人民路/中山西路, 外环西路/兴宁北路 and 天明路, but the street geometry is
 * not public, so this is a ≈ 2.5 × 2 km sketch around the 跃龙 centre, shipped as approximate and meant to be edited.
 */
export const CENTRAL_ZONE: readonly Position[] = [
  [121.4122, 29.2795], [121.425, 29.2788], [121.4372, 29.28], [121.438, 29.288], [121.4368, 29.2968], [121.4245, 29.2972],
  [121.4125, 29.2962], [121.4118, 29.288],
];

/** The G15 motorway runs west of the parks (approximate). */
export const MOTORWAY: { id: string; name: string; name_en: string; line: readonly Position[] } = {
  id: 'hw-g15', name: '沈海高速 G15（示意）', name_en: 'G15 Shenyang–Haikou Expressway (approximate)',
  line: [[121.37, 29.6], [121.395, 29.5], [121.405, 29.4], [121.4, 29.33], [121.39, 29.25], [121.36, 29.1]],
};

/** Area pairs joined by a sketched connecting road. */
export const CONNECTIONS: readonly [string, string][] = [
  ['xidian', 'meilin'], ['meilin', 'kaifaqu'], ['meilin', 'qiaotouhu'], ['qiaotouhu', 'dajiahe'], ['dajiahe', 'qiangjiao'],
  ['kaifaqu', 'chayuan'], ['chayuan', 'binhai'], ['binhai', 'liyang'], ['liyang', 'changjie'], ['kaifaqu', 'qiaotouhu'],
];
