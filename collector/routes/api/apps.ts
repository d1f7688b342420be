import { defineRoute } from '../../api/route.js';

/** GET /api/v1/apps: the apps this token may read. */
export const appsRoute = defineRoute({
  path: 'apps',
  summary: 'Apps this token may read',
  description: 'The apps named in the token\'s scope; for a token with "*", every app configured on this collector.',
  filters: 'none',
  reads: [],
  example: {},
  run: async ({ reader, configuredApps }) => {
    const apps = reader.apps === '*' ? [...configuredApps].sort() : [...reader.apps];
    return { data: apps.map((app) => ({ app })), rows: apps.length, method: "the token's configured scope" };
  },
  table: (data) => data,
});
