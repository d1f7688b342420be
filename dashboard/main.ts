import { whenUnauthorized } from './api.js';
import { patternDefs } from './charts/patterns.js';
import { startSelfMeasure } from './self-measure.js';
import { render, signIn } from './shell.js';

/**
 * The dashboard: measure ourselves, then draw the URL (or ask for a token).
 * Back and forward redraw from the URL; a refused token brings back the
 * sign-in with the API's sentence.
 */
startSelfMeasure();
document.body.append(patternDefs());
whenUnauthorized((message) => signIn(`${message} Sign in again.`));
addEventListener('popstate', () => void render('open view'));
void render('open view');
