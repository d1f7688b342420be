import type { ApiRoute } from '../../api/route.js';
import { alertsRoute } from './alerts.js';
import { appsRoute } from './apps.js';
import { compareRoute } from './compare.js';
import { ingestRoute } from './ingest.js';
import { releasesRoute } from './releases.js';
import { usageRoute } from './usage.js';
import { vitalsAttributionRoute, vitalsBreakdownRoute, vitalsSeriesRoute, vitalsSummaryRoute } from './vitals.js';
import { workflowByNameRoute, workflowDetailRoute, workflowsSummaryRoute } from './workflows.js';

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
  workflowsSummaryRoute,
  workflowDetailRoute,
  workflowByNameRoute,
  usageRoute,
  releasesRoute,
  compareRoute,
  ingestRoute,
  alertsRoute,
];
