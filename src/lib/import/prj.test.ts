import { describe, expect, it } from 'vitest';
import { crsFromWkt } from './prj.ts';
import * as W from './prj-fixtures.test-fixture.ts';

describe('crsFromWkt', () => {
  it.each([
    ['ArcGIS CGCS2000_3_Degree_GK_CM_120E', W.PRJ_CGCS2000_CM_120E, 'EPSG:4549', 'CGCS2000_3_Degree_GK_CM_120E'],
    ['ArcGIS CGCS2000_3_Degree_GK_Zone_40 (prefixed easting)', W.PRJ_CGCS2000_ZONE_40, 'EPSG:4528', 'CGCS2000_3_Degree_GK_Zone_40'],
    ['ArcGIS geographic CGCS2000', W.PRJ_CGCS2000_GEOGRAPHIC, 'EPSG:4490', 'GCS_China_Geodetic_Coordinate_System_2000'],
    ['ArcGIS WGS 84', W.PRJ_WGS84, 'EPSG:4326', 'GCS_WGS_1984'],
    ['GDAL OGC WKT1 with AUTHORITY', W.OGC_WKT1_4549, 'EPSG:4549', 'CGCS2000 / 3-degree Gauss-Kruger CM 120E'],
    ['WKT2 by its parameters', W.WKT2_CM_123E_NO_ID, 'EPSG:4550', 'CGCS2000 / 3-degree Gauss-Kruger CM 123E'],
  ])('maps %s', (_, wkt, code, name) => {
    expect(crsFromWkt(wkt, 'a.prj')).toEqual({ code, from: 'prj', name });
  });

  it('maps every 3° zone by its parameters, with and without the zone prefix', () => {
    const gk = (cm: number, fe: number) =>
      `PROJCS["x",GEOGCS["g",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137,298.257222101]]],PROJECTION["Gauss_Kruger"],` +
      `PARAMETER["False_Easting",${fe}],PARAMETER["False_Northing",0],PARAMETER["Central_Meridian",${cm}],PARAMETER["Scale_Factor",1],PARAMETER["Latitude_Of_Origin",0],UNIT["Meter",1]]`;
    expect(crsFromWkt(gk(75, 500000), 'f').code).toBe('EPSG:4534');
    expect(crsFromWkt(gk(135, 500000), 'f').code).toBe('EPSG:4554');
    expect(crsFromWkt(gk(75, 25500000), 'f').code).toBe('EPSG:4513');
    expect(crsFromWkt(gk(135, 45500000), 'f').code).toBe('EPSG:4533');
    expect(crsFromWkt(gk(123, 41500000), 'f').code).toBe('EPSG:4529');
    // zone 41 prefix on the CM of zone 40: not a zone
    expect(() => crsFromWkt(gk(120, 41500000), 'f')).toThrow(/central meridian 120 with false easting 41500000/);
    // 6° zone 20 (CM 117, prefix 20): named, refused
    expect(() => crsFromWkt(gk(117, 20500000), 'f')).toThrow(/6° zone \(zone 20, EPSG:4498\)/);
  });

  it('accepts the ID of a GeoPackage definition, from gpkg-srs', () => {
    expect(crsFromWkt(W.OGC_WKT1_4549, 'x.gpkg', 'gpkg-srs').from).toBe('gpkg-srs');
  });

  it('refuses Xian 1980 with its name quoted', () => {
    expect(() => crsFromWkt(W.PRJ_XIAN_1980_CM_120E, 'parcels.prj')).toThrow(
      'parcels.prj: "Xian_1980_3_Degree_GK_CM_120E" is not a CGCS2000 or WGS 84 definition this tool can map to an EPSG code; ' +
        'reproject to CGCS2000 (EPSG:4549 / 4490) or declare --crs (its datum "D_Xian_1980" is neither CGCS2000 nor WGS 84)',
    );
  });

  it('refuses Beijing 1954, Web Mercator, a GCJ-02 label and text that is not WKT', () => {
    const bj = W.PRJ_XIAN_1980_CM_120E.replace(/Xian_1980/g, 'Beijing_1954');
    expect(() => crsFromWkt(bj, 'a.prj')).toThrow(/"Beijing_1954_3_Degree_GK_CM_120E" is not a CGCS2000.*datum "D_Beijing_1954"/);
    expect(() => crsFromWkt(W.OGC_WKT1_3857, 'a.prj')).toThrow(/"WGS 84 \/ Pseudo-Mercator" is not .*projected definitions/);
    expect(() => crsFromWkt(W.PRJ_WGS84.replace('GCS_WGS_1984', 'GCJ02'), 'a.prj')).toThrow(/"GCJ02" is not .*declare --crs GCJ-02/);
    expect(() => crsFromWkt('EPSG:4549', 'a.prj')).toThrow(/a.prj: "EPSG:4549" is not a WKT definition this tool can read/);
  });
});
