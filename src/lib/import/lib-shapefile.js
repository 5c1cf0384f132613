// The `shapefile` package, re-exported past the type checker. Its @types/shapefile starts with
// `/// <reference types="node" />`: imported from TypeScript, it would make Node's globals (Buffer, process, …)
// visible to all of src/lib under tsconfig.lib.json, whose point is that src/lib cannot use them. lib-shapefile.d.ts
// declares the part of the package this reader uses. Node loads the package's CommonJS build (text-encoding polyfill
// for the dbf), Vite its ES module build (the platform TextDecoder).
export { open } from 'shapefile';
