import type { ApiRoute } from '../../api/route.js';
import { appsRoute } from './apps.js';

/**
 * Every read-API endpoint. Adding an entry here registers the route, adds it
 * to /api/v1/openapi.json and puts it under the token-scope and audit tests.
 */
export const API_ROUTES: readonly ApiRoute[] = [appsRoute];
