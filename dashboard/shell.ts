import { apiGet, ApiError } from './api.js';
import { h, show } from './dom.js';
import { filterBar } from './filter-bar.js';
import { measureWorkflow, namePage } from './self-measure.js';
import { problem, sectionsSettled, takeLaterSections } from './states.js';
import { forgetToken, keepToken, readToken } from './token.js';
import { hrefOf, placeOf, VIEW_TITLES, VIEWS, withParams, type View } from './url-state.js';
import { VIEW_DEFINITIONS } from './views/index.js';

let apps: string[] | undefined;
const root = () => document.getElementById('app')!;

/** The sign-in form: the token is checked against /api/v1/apps before it is kept. */
export const signIn = (message?: string): void => {
  apps = undefined;
  namePage('sign-in');
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    required: true,
    spellcheck: 'false',
    'aria-describedby': 'token-help',
  });
  const status = h('p', { class: 'problem', role: 'alert', hidden: !message }, message ?? '');
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'percept dashboard'),
    h('p', { id: 'token-help' }, 'Enter a read token of this collector. It is kept for this tab only and sent to this collector only.'),
    h('label', { for: 'token' }, 'Read token'),
    input,
    status,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    try {
      const answer = await apiGet<{ app: string }[]>('apps', new URLSearchParams(), { token });
      keepToken(token);
      apps = answer.data.map((row) => row.app);
      await render('open view');
    } catch (error) {
      status.hidden = false;
      status.textContent =
        error instanceof ApiError && error.status === 401
          ? 'This token was refused: check it for typos, or ask whoever runs the collector for a read token.'
          : error instanceof Error
            ? error.message
            : String(error);
      input.focus();
    }
  });
  show(root(), h('main', { id: 'main', class: 'signed-out' }, form));
  input.focus();
};

/** Goes to a place in the dashboard: the URL first, then the view drawn from it. */
export const go = (params: URLSearchParams, view?: View, reason: 'open view' | 'apply filter' = 'open view'): void => {
  const target = hrefOf({ view: view ?? placeOf(location).view, params });
  history.pushState(null, '', target);
  void render(reason, true);
};

const nav = (current: View, params: URLSearchParams) =>
  h(
    'nav',
    { 'aria-label': 'Views' },
    h(
      'ul',
      {},
      VIEWS.map((view) => {
        // Links keep the filters; options of one view (a selected workflow, compared releases) stay behind.
        const kept = withParams(params, { workflow: undefined, a: undefined, b: undefined, sort: undefined, metric: undefined });
        const link = h('a', { href: hrefOf({ view, params: kept }), 'aria-current': view === current ? 'page' : undefined }, VIEW_TITLES[view]);
        link.addEventListener('click', (event) => {
          if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          go(kept, view);
        });
        return h('li', {}, link);
      }),
    ),
  );

const appPicker = (app: string, params: URLSearchParams) => {
  const control = h(
    'select',
    { id: 'app-picker', name: 'app' },
    (apps ?? []).map((id) => h('option', { value: id, selected: id === app }, id)),
  );
  control.addEventListener('change', () => go(withParams(params, { app: control.value, release: undefined, workflow: undefined, a: undefined, b: undefined })));
  return h('div', { class: 'app-picker' }, h('label', { for: 'app-picker' }, 'App'), control);
};

/**
 * Draws the current URL: header (views, app picker, sign out), filters and
 * the view. `reason` names the self-measured workflow the drawing ends.
 * `main` is marked `data-first-view` once the view's own sections have drawn
 * (its slow extras, `laterSection`, start then) and `data-ready` once
 * everything has.
 */
export const render = async (reason: 'open view' | 'apply filter', moveFocus = false): Promise<void> => {
  document.querySelector('main')?.removeAttribute('data-ready');
  document.querySelector('main')?.removeAttribute('data-first-view');
  if (!readToken()) return signIn();
  const { view, params } = placeOf(location);
  const run = measureWorkflow(reason, { view });
  namePage(view);
  try {
    apps ??= (await apiGet<{ app: string }[]>('apps', new URLSearchParams())).data.map((row) => row.app);
  } catch (error) {
    if (!readToken()) return;
    show(root(), h('main', { id: 'main' }, problem(error)));
    run?.end('error', error instanceof Error ? error.message : 'apps');
    return;
  }
  const app = params.get('app') ?? apps[0];
  if (!app) {
    show(
      root(),
      h(
        'main',
        { id: 'main' },
        h(
          'div',
          { class: 'empty' },
          h('h1', {}, 'No apps to show'),
          h('p', {}, 'This read token may read no app yet. Ask whoever runs the collector to add apps to its reader entry.'),
        ),
      ),
    );
    run?.end('error', 'no apps');
    return;
  }
  if (!params.get('app')) {
    params.set('app', app);
    history.replaceState(null, '', hrefOf({ view, params }));
  }
  const definition = VIEW_DEFINITIONS[view];
  const main = h('main', { id: 'main', tabindex: '-1' });
  const signOut = h('button', { type: 'button', class: 'quiet' }, 'Sign out');
  signOut.addEventListener('click', () => {
    forgetToken();
    signIn('Signed out. The token is forgotten in this tab.');
  });
  show(
    root(),
    h(
      'header',
      { class: 'top' },
      h('a', { class: 'brand', href: hrefOf({ view: 'overview', params: new URLSearchParams({ app }) }) }, 'percept'),
      nav(view, params),
      appPicker(app, params),
      signOut,
    ),
    filterBar(params, (next) => go(next, view, 'apply filter'), definition.usesPercentile),
    main,
  );
  document.title = `${VIEW_TITLES[view]} · ${app} · percept`;
  const content = (apps.includes(app) ? definition.render({ view, params, app, go: (next, to) => go(next, to) }) : undefined) ?? null;
  if (content) main.append(content);
  else
    main.append(
      h('h1', {}, VIEW_TITLES[view]),
      problem(new ApiError(403, 'forbidden', `This read token may not read app "${app}". Pick one of its apps above.`)),
    );
  if (moveFocus) main.querySelector('h1')?.setAttribute('tabindex', '-1');
  if (moveFocus) (main.querySelector('h1') as HTMLElement | null)?.focus();
  const firstView = sectionsSettled();
  const drawLater = takeLaterSections();
  await firstView;
  // "open view" measures the wait until the view can be used, not until its slow extras are in.
  run?.end();
  // Left for another view already: its slow calls would only hold up that view's.
  if (!main.isConnected) return;
  main.dataset.firstView = view;
  await drawLater();
  main.dataset.ready = view;
};
