// Real-world WKT texts, typed by hand from what ArcGIS (ESRI WKT1) and GDAL/EPSG (OGC WKT1, WKT2) write, so that the
// tests do not depend on our own writer.
const GCS_CGCS2000 =
  'GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** ArcGIS: EPSG:4549. */
export const PRJ_CGCS2000_CM_120E =
  `PROJCS["CGCS2000_3_Degree_GK_CM_120E",${GCS_CGCS2000},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],` +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** ArcGIS: EPSG:4528 (zone 40, easting prefixed with 40). */
export const PRJ_CGCS2000_ZONE_40 =
  `PROJCS["CGCS2000_3_Degree_GK_Zone_40",${GCS_CGCS2000},PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],` +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** ArcGIS: EPSG:4490. */
export const PRJ_CGCS2000_GEOGRAPHIC = GCS_CGCS2000;

/** ArcGIS: EPSG:4326. */
export const PRJ_WGS84 =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

/** ArcGIS: EPSG:2383 — Xian 1980, refused. */
export const PRJ_XIAN_1980_CM_120E =
  'PROJCS["Xian_1980_3_Degree_GK_CM_120E",GEOGCS["GCS_Xian_1980",DATUM["D_Xian_1980",SPHEROID["Xian_1980",6378140.0,298.257]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],' +
  'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],' +
  'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

/** GDAL / EPSG registry OGC WKT1 (as in gpkg_spatial_ref_sys.definition): EPSG:4549. */
export const OGC_WKT1_4549 =
  'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 120E",GEOGCS["China Geodetic Coordinate System 2000",' +
  'DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],' +
  'PARAMETER["central_meridian",120],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],' +
  'PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Northing",NORTH],AXIS["Easting",EAST],' +
  'AUTHORITY["EPSG","4549"]]';

/** WKT2 (PROJ 9), without the top-level ID so that the parameters decide: EPSG:4550 (CM 123E). */
export const WKT2_CM_123E_NO_ID = `PROJCRS["CGCS2000 / 3-degree Gauss-Kruger CM 123E",
  BASEGEOGCRS["China Geodetic Coordinate System 2000",
    DATUM["China 2000",ELLIPSOID["CGCS2000",6378137,298.257222101,LENGTHUNIT["metre",1]]],
    PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],
  CONVERSION["3-degree Gauss-Kruger CM 123E",
    METHOD["Transverse Mercator",ID["EPSG",9807]],
    PARAMETER["Latitude of natural origin",0,ANGLEUNIT["degree",0.0174532925199433]],
    PARAMETER["Longitude of natural origin",123,ANGLEUNIT["degree",0.0174532925199433]],
    PARAMETER["Scale factor at natural origin",1,SCALEUNIT["unity",1]],
    PARAMETER["False easting",500000,LENGTHUNIT["metre",1]],
    PARAMETER["False northing",0,LENGTHUNIT["metre",1]]],
  CS[Cartesian,2],
    AXIS["northing (X)",north,ORDER[1],LENGTHUNIT["metre",1]],
    AXIS["easting (Y)",east,ORDER[2],LENGTHUNIT["metre",1]]]`;

/** GDAL's Web Mercator, refused. */
export const OGC_WKT1_3857 =
  'PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],' +
  'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],' +
  'PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1],' +
  'AUTHORITY["EPSG","3857"]]';
