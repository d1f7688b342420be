import type { ApiRoute } from '../../api/route.js';
import { appsRoute } from './apps.js';
import { ingestRoute } from './ingest.js';
import { releasesRoute } from './releases.js';
import { vitalsAttributionRoute, vitalsBreakdownRoute, vitalsSeriesRoute, vitalsSummaryRoute } from './vitals.js';

/**
 * Every read-API endpoint. Adding an entry here registers the route, adds it
 * to /api/v1/openapi.json and puts it under the token-scope and audit tests
 * (test/integration/api-scope.test.ts).
 */
export const API_ROUTES: readonly ApiRoute[] = [
  appsRoute,
  vitalsSummaryRoute,
  vitalsBreakdownRoute,
  vitalsSeriesRoute,
  vitalsAttributionRoute,
  releasesRoute,
  ingestRoute,
];
