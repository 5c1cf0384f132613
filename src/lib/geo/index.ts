// Public surface of the geo library: areas (ellipsoidal, Gauss-Krüger planar, Turf), shapes (bbox, centroid),
// CRS parsing, detection and reprojection, GCJ-02, and geometry validation/predicates. Importing it loads proj4
// (crs.ts): code for the prospect's site page imports shape.ts, predicates.ts or interior-point.ts by path instead
// (tests/unit/bundle-budget.test.ts fails if proj4 reaches that route).
export * from './area.ts';
export * from './shape.ts';
export * from './crs.ts';
export * from './gcj02.ts';
export * from './validate.ts';
export * from './interior-point.ts';
