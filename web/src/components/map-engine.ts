// MapLibre and its worker, in a chunk of their own that imports nothing of the app (vite.config.ts): on a page with a
// map, index.html's early script evaluates it as soon as it has arrived, so that the worker starts and parses its
// code while the app's code, the page and its data are still loading, not once React has mounted the map.
import maplibregl from 'maplibre-gl';

maplibregl.prewarm();

export default maplibregl;
