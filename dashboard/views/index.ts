import type { View } from '../url-state.js';
import { alertsView } from './alerts.js';
import { overview } from './overview.js';
import { releases } from './releases.js';
import { routes } from './routes.js';
import { usageView } from './usage.js';
import type { ViewDefinition } from './view.js';
import { workflows } from './workflows.js';

export const VIEW_DEFINITIONS: Readonly<Record<View, ViewDefinition>> = { overview, routes, workflows, releases, usage: usageView, alerts: alertsView };
