// papaparse, re-exported past the type checker: @types/papaparse references Node's types (see lib-shapefile.js for
// why that matters); lib-papaparse.d.ts declares the part table.ts uses.
export { default } from 'papaparse';
