import { ApiError } from './api.js';
import { h } from './dom.js';

/** Grey blocks where the numbers will be, so the layout does not jump when they come. */
export const skeleton = (rows = 3): HTMLElement =>
  h(
    'div',
    { class: 'skeleton', 'aria-busy': 'true' },
    h('span', { class: 'visually-hidden' }, 'Loading…'),
    Array.from({ length: rows }, () => h('div', { class: 'skeleton-block' })),
  );

/** Nothing stored for these filters, with the usual reasons. */
export const noData = (what: string): HTMLElement =>
  h(
    'div',
    { class: 'empty', role: 'status' },
    h('p', {}, h('strong', {}, `No ${what} for this range and these filters.`)),
    h(
      'p',
      {},
      'Try a longer date range or fewer filters. If it stays empty: is the percept script tag on the pages, with the right ',
      h('code', {}, 'data-app'),
      ' and ',
      h('code', {}, 'data-key'),
      '? Is the app id picked above the one the pages send?',
    ),
  );

/** An API error in words, with what to do (and, when given, a control to do it). */
export const problem = (error: unknown, action?: HTMLElement): HTMLElement => {
  const message =
    error instanceof ApiError
      ? error.message
      : 'Something went wrong while drawing this part. Reload the page; if it happens again, report it with the link of this page.';
  if (!(error instanceof ApiError)) console.warn(error);
  return h('div', { class: 'problem', role: 'alert' }, h('p', {}, message), action);
};

/** Marks numbers that rest on few samples: they can swing a lot from day to day. */
export const fewSamples = (): HTMLElement => h('span', { class: 'few', title: 'Few samples: this number can change a lot with more data.' }, 'few samples');

let pending: Promise<unknown>[] = [];
let later: (() => Promise<unknown>)[] = [];

/** Resolves once every section started since the last call has its content (or its error). */
export const sectionsSettled = (): Promise<unknown> => {
  const all = pending;
  pending = [];
  return Promise.allSettled(all);
};

/**
 * Takes the sections made with `laterSection` (and the work of `drawnLater`)
 * since the last call; the returned function starts them and resolves once
 * each has its content (or its error). The shell calls it after the first
 * view has drawn.
 */
export const takeLaterSections = (): (() => Promise<unknown>) => {
  const builds = later;
  later = [];
  return () => Promise.allSettled(builds.map((build) => build()));
};

/**
 * Registers work that completes a view after its first view (a chart that
 * joins its section later, say): `data-ready` waits for it,
 * `data-first-view` does not. Call it while the view is being drawn.
 */
export const drawnLater = (work: Promise<unknown>): void => {
  later.push(() => work);
};

/**
 * Fills a section: skeleton first, then `build`'s content, or the error in
 * words. Sections load on their own, so one slow or failing endpoint does not
 * blank the whole view.
 */
export const section = (title: string, build: () => Promise<Node>, id?: string): HTMLElement => {
  const body = h('div', { class: 'section-body' }, skeleton());
  const done = build().then(
    (node) => body.replaceChildren(node),
    (error: unknown) => body.replaceChildren(problem(error)),
  );
  pending.push(done);
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), body);
};

/**
 * A section whose answer is slow and not part of the first view: its calls
 * start only once the first view has drawn (`takeLaterSections`), so they do
 * not queue ahead of the first view's calls on the API's one reader
 * connection. Until then it says in words, to screen readers too, that it is
 * loading; a failure says why and offers to try again.
 */
export const laterSection = (title: string, build: () => Promise<Node>, options: { id: string; loading: string; advice: string }): HTMLElement => {
  const loading = () =>
    h(
      'div',
      { class: 'later-loading', 'aria-busy': 'true' },
      h('p', { role: 'status' }, options.loading),
      Array.from({ length: 3 }, () => h('div', { class: 'skeleton-block' })),
    );
  const body = h('div', { class: 'section-body' }, loading());
  const run = (): Promise<void> =>
    build().then(
      (node) => body.replaceChildren(node),
      (error: unknown) => {
        const again = h('button', { type: 'button', class: 'quiet' }, 'Try again');
        again.addEventListener('click', () => {
          body.replaceChildren(loading());
          void run();
        });
        body.replaceChildren(problem(error, h('p', {}, again, ` ${options.advice}`)));
      },
    );
  later.push(run);
  return h('section', { class: 'panel', 'aria-labelledby': options.id }, h('h2', { id: options.id }, title), body);
};
