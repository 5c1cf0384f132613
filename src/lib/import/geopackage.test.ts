import initSqlJs, { type Database } from 'sql.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGeoPackage } from './geopackage.ts';
import { PRJ_XIAN_1980_CM_120E, WKT2_CM_123E_NO_ID } from './prj-fixtures.test-fixture.ts';
import { gpkgBlob, multiPolygonZWkb, POINT_LE, polygonWkb, RING } from './wkb-fixtures.test-fixture.ts';

// The GeoPackage is built here with plain SQL, following the table definitions of OGC 12-128 (Annex C), and
// geometry blobs written by hand (wkb-fixtures): no GeoPackage library is involved on the writing side.
const DDL = `
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL);
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL);
INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 / 3-degree Gauss-Kruger CM 120E', 4549, 'EPSG', 4549, 'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 120E"]', NULL);
`;

let SQL: Awaited<ReturnType<typeof initSqlJs>>;
beforeAll(async () => {
  SQL = await initSqlJs();
});

function gpkg(build: (db: Database) => void): Uint8Array {
  const db = new SQL.Database();
  db.exec(DDL);
  build(db);
  const bytes = db.export();
  db.close();
  return bytes;
}

function featureTable(db: Database, table: string, srsId: number, columns: string): void {
  db.exec(`CREATE TABLE "${table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, ${columns})`);
  db.run("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, 'features', ?, ?)", [table, table, srsId]);
  db.run("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'GEOMETRY', ?, 0, 0)", [table, srsId]);
}

describe('readGeoPackage', () => {
  it('reads two feature tables with their CRS (EPSG organisation code; definition WKT), attributes and geometries', async () => {
    const bytes = gpkg((db) => {
      featureTable(db, '地块', 4549, '地块编号 TEXT, 权利人 TEXT, 用地面积 REAL, 闲置 BOOLEAN');
      const ins = 'INSERT INTO "地块" (geom, 地块编号, 权利人, 用地面积, 闲置) VALUES (?, ?, ?, ?, ?)';
      db.run(ins, [gpkgBlob(polygonWkb(), 4549, { envelope: [500100.5, 500200.5, 3250100.25, 3250200.25] }), 'NH-0001', '宁海示例模具有限公司', 12345.67, 0]);
      db.run(ins, [gpkgBlob(multiPolygonZWkb(), 4549), 'NH-0002', null, 800, 1]);
      db.run(ins, [gpkgBlob(POINT_LE, 4549, { empty: true }), 'NH-0003', null, null, null]);
      db.run(ins, [new Uint8Array([0x47, 0x50, 0, 1, 0, 0, 0, 0, 1, 99, 0, 0, 0]), 'NH-0004', null, null, null]);
      db.run("INSERT INTO gpkg_spatial_ref_sys VALUES ('local GK 123E', 100000, 'NONE', 100000, ?, NULL)", [WKT2_CM_123E_NO_ID]);
      featureTable(db, 'points', 100000, 'name TEXT');
      db.run('INSERT INTO points (geom, name) VALUES (?, ?)', [gpkgBlob(POINT_LE, 100000), 'p']);
      db.exec("CREATE TABLE tax (name TEXT); INSERT INTO gpkg_contents (table_name, data_type) VALUES ('tax', 'attributes')");
    });
    const layers = await readGeoPackage('in/county.gpkg', bytes);
    expect(layers.map((l) => [l.name, l.crs, l.geometryTypes, l.fields])).toEqual([
      ['地块', { code: 'EPSG:4549', from: 'gpkg-srs', name: 'CGCS2000 / 3-degree Gauss-Kruger CM 120E' }, ['MultiPolygon', 'Polygon'], ['地块编号', '权利人', '用地面积', '闲置']],
      ['points', { code: 'EPSG:4550', from: 'gpkg-srs', name: 'CGCS2000 / 3-degree Gauss-Kruger CM 123E' }, ['Point'], ['name']],
    ]);
    const [parcels] = layers;
    expect(parcels).toMatchObject({ kind: 'layer', file: 'in/county.gpkg', format: 'geopackage', encoding: { name: 'utf-8', from: 'format' } });
    expect(parcels!.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [RING] },
      properties: { 地块编号: 'NH-0001', 权利人: '宁海示例模具有限公司', 用地面积: 12345.67, 闲置: false },
    });
    expect(parcels!.features[1]!.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[RING], [RING.map(([x, y]) => [x! + 1000, y])]] });
    expect(parcels!.features[1]!.properties['闲置']).toBe(true);
    expect(parcels!.features.slice(2).map((f) => f.geometry)).toEqual([null, null]);
    expect(parcels!.warnings).toEqual(['in/county.gpkg: table "地块", feature 4: geometry cannot be read (geometry type code 99 is not a WKB geometry type)']);
  });

  it('refuses a Xian 1980 srs with its name quoted, a SQLite file that is no GeoPackage, and bytes that are not SQLite', async () => {
    const xian = gpkg((db) => {
      db.run("INSERT INTO gpkg_spatial_ref_sys VALUES ('Xian 1980 / 3-degree Gauss-Kruger CM 120E', 2383, 'EPSG', 2383, ?, NULL)", [PRJ_XIAN_1980_CM_120E]);
      featureTable(db, 'old', 2383, 'name TEXT');
    });
    await expect(readGeoPackage('x.gpkg', xian)).rejects.toThrow(/^x\.gpkg \(srs_id 2383\): "Xian_1980_3_Degree_GK_CM_120E" is not a CGCS2000 or WGS 84 definition/);
    const plain = new SQL.Database();
    plain.exec('CREATE TABLE t (a)');
    await expect(readGeoPackage('p.gpkg', plain.export())).rejects.toThrow('p.gpkg: is a SQLite file but not a GeoPackage');
    await expect(readGeoPackage('n.gpkg', new TextEncoder().encode('not sqlite at all, just text'))).rejects.toThrow(/^n\.gpkg: is not a SQLite\/GeoPackage file/);
    await expect(readGeoPackage('e.gpkg', gpkg(() => {}))).rejects.toThrow('e.gpkg: holds no feature table');
  });
});
