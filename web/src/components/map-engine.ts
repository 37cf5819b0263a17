// MapLibre and its worker, in a chunk of their own that imports nothing of the app (vite.config.ts): on a page with a
// map, index.html's early script preloads it, and the map component evaluates it as soon as the map's first picture
// has asked for its tiles, so that the worker starts and parses its code while the tiles are on their way.
import maplibregl from 'maplibre-gl';

maplibregl.prewarm();

export default maplibregl;
