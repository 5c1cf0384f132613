// Strings of the basemaps (issue 17): the layer panel's chooser, the failure notice, credits and 审图号 on the map,
// in print and on prospect pages, and the datum guard's refusals. Keys are prefixed "basemap." and exist in both languages.
export const zh = {
  'basemap.title': '底图',
  'basemap.none': '无底图',
  'basemap.offline': '离线底图（县界、水系、道路、镇名）',
  'basemap.opacity': '影像不透明度',
  'basemap.annotation': '注记',
  'basemap.failure': '底图「{name}」加载失败（{status}）。数据图层不受影响。',
  'basemap.failureHttp': 'HTTP {status}',
  'basemap.failureNetwork': '无法连接',
  'basemap.unknown': '链接中的底图「{id}」在此未配置，已显示离线底图。',
  'basemap.useOffline': '改用离线底图',
  'basemap.refusedTitle': '未加载的底图',
  'basemap.refused.gcj02':
    '底图「{name}」使用 GCJ-02 坐标（“火星坐标”，高德、腾讯地图所用），叠加本系统的 CGCS2000 数据在宁海约偏移 500 米，已拒绝加载。请改用天地图或本县 CGCS2000 政务底图服务。',
  'basemap.refused.bd09':
    '底图「{name}」使用 BD-09 坐标（百度地图所用），叠加本系统的 CGCS2000 数据在宁海约偏移 500 米以上，已拒绝加载。请改用天地图或本县 CGCS2000 政务底图服务。',
  'basemap.reviewNumber': '审图号：{n}',
  'basemap.reviewNotConfigured': '审图号：未配置',
  'basemap.source': '底图：{credit}',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'basemap.title': 'Basemap',
  'basemap.none': 'None',
  'basemap.offline': 'Offline base (county, water, roads, towns)',
  'basemap.opacity': 'Imagery opacity',
  'basemap.annotation': 'Labels',
  'basemap.failure': 'The basemap “{name}” failed to load ({status}). The data layers are not affected.',
  'basemap.failureHttp': 'HTTP {status}',
  'basemap.failureNetwork': 'no connection',
  'basemap.unknown': 'The link’s basemap “{id}” is not configured here; showing the offline base.',
  'basemap.useOffline': 'Use the offline base',
  'basemap.refusedTitle': 'Basemaps not loaded',
  'basemap.refused.gcj02':
    'The basemap “{name}” is in GCJ-02 (the “Mars” coordinates of Amap/Gaode and Tencent maps): over this app’s CGCS2000 data it is off by about 500 m at Ninghai, so it is not loaded. Use Tianditu (天地图) or the county’s own CGCS2000 government tile service instead.',
  'basemap.refused.bd09':
    'The basemap “{name}” is in BD-09 (the coordinates of Baidu maps): over this app’s CGCS2000 data it is off by about 500 m or more at Ninghai, so it is not loaded. Use Tianditu (天地图) or the county’s own CGCS2000 government tile service instead.',
  'basemap.reviewNumber': 'Map review no.: {n}',
  'basemap.reviewNotConfigured': 'Map review no.: not configured',
  'basemap.source': 'Basemap: {credit}',
};
