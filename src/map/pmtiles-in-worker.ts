// Runs inside MapLibre's workers, imported into each by create-map.ts (importScriptInWorkers): the pmtiles protocol
// registered where the tiles are parsed. Without it a worker hands every pmtiles:// request to the page's main thread
// and waits for the answer to come back — two trips through a thread that, on the first view, is busy drawing
// frames (with software GL a frame can take hundreds of ms), so the parcels' tiles were asked for seconds after the
// map was made (issue 16: the first view). Here the range requests start and finish in the worker. The page keeps
// its own registration as the fallback (a worker that could not import this still forwards requests to it).
import { Protocol } from 'pmtiles';

/** What MapLibre's worker scope offers an imported script (maplibre-gl's worker.ts sets it on `self`). */
interface MapLibreWorkerScope {
  addProtocol?: (name: string, load: Protocol['tile']) => void;
}

const scope = self as unknown as MapLibreWorkerScope;
if (typeof scope.addProtocol === 'function') scope.addProtocol('pmtiles', new Protocol().tile);
