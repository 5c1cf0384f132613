// Public surface of the geo library: areas (ellipsoidal, Gauss-Krüger planar, Turf), CRS parsing,
// detection and reprojection, GCJ-02, and geometry validation/predicates.
export * from './area.ts';
export * from './crs.ts';
export * from './gcj02.ts';
export * from './validate.ts';
export * from './interior-point.ts';
