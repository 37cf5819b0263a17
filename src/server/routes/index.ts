// Every route module of the API, mounted under /api/v1 in this order. A new feature adds its module here (one line:
// import it and append it to the list); each module registers its routes with their zod schemas, so the OpenAPI
// document follows by itself.
import type { RouteModule } from '../server.types.js';
import { listDatasetsRoute } from './datasets/list-datasets.route.js';
import { createImportRoute } from './imports/create-import.route.js';
import { getMapRoute } from './maps/get-map.route.js';
import { indicatorsRoute } from './indicators/indicators.route.js';
import { perimetersRoute } from './perimeters/perimeters.route.js';
import { getAbsReportRoute } from './reports/get-abs-report.route.js';
import { getOutlinesRoute } from './territories/get-outlines.route.js';
import { getPortraitRoute } from './territories/get-portrait.route.js';
import { getSimilarRoute } from './territories/get-similar.route.js';
import { getTerritoryRoute } from './territories/get-territory.route.js';
import { searchTerritoriesRoute } from './territories/search-territories.route.js';

export const routeModules: RouteModule[] = [
  searchTerritoriesRoute,
  getTerritoryRoute,
  getPortraitRoute,
  getSimilarRoute,
  getOutlinesRoute,
  indicatorsRoute,
  getMapRoute,
  listDatasetsRoute,
  createImportRoute,
  perimetersRoute,
  getAbsReportRoute,
];
