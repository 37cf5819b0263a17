// MapLibre and its workers, in a chunk of their own that imports nothing of the app (vite.config.ts): on a page with a
// map, index.html's early script evaluates it as soon as it has arrived, so that the workers start and parse their
// code while the app's code, the page and its data are still loading, not once React has mounted the map.
import maplibregl from 'maplibre-gl';

// Two workers read the tiles in view in parallel (MapLibre's default is one): France opens on tiles of some 10,000
// communes each.
maplibregl.setWorkerCount(2);
maplibregl.prewarm();

export default maplibregl;
