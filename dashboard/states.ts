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

/** An API error in words, with what to do. */
export const problem = (error: unknown): HTMLElement => {
  const message =
    error instanceof ApiError
      ? error.message
      : 'Something went wrong while drawing this part. Reload the page; if it happens again, report it with the link of this page.';
  if (!(error instanceof ApiError)) console.warn(error);
  return h('div', { class: 'problem', role: 'alert' }, h('p', {}, message));
};

/** Marks numbers that rest on few samples: they can swing a lot from day to day. */
export const fewSamples = (): HTMLElement => h('span', { class: 'few', title: 'Few samples: this number can change a lot with more data.' }, 'few samples');

let pending: Promise<unknown>[] = [];

/** Resolves once every section started since the last call has its content (or its error). */
export const sectionsSettled = (): Promise<unknown> => {
  const all = pending;
  pending = [];
  return Promise.allSettled(all);
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
