import { describe, expect, it } from 'vitest';
import { basemapFailureText } from './failure.ts';

const IMG = { name: { zh: '天地图影像', en: 'Tianditu imagery' } };

describe('basemapFailureText', () => {
  it('names the basemap and the HTTP status, or says no answer came', () => {
    expect(basemapFailureText(IMG, { status: 403 }, 'zh')).toBe('底图「天地图影像」加载失败（HTTP 403）。数据图层不受影响。');
    expect(basemapFailureText(IMG, { status: null }, 'zh')).toBe('底图「天地图影像」加载失败（无法连接）。数据图层不受影响。');
    expect(basemapFailureText(IMG, { status: 403 }, 'en')).toBe('The basemap “Tianditu imagery” failed to load (HTTP 403). The data layers are not affected.');
  });
});
