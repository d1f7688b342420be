import { h } from '../dom.js';
import { hrefOf, withParams, type View } from '../url-state.js';
import type { ViewContext } from './view.js';

/**
 * A real link to another place in the dashboard: its href is the full URL
 * (so it can be copied or opened in a new tab); a plain click goes there
 * without reloading the page.
 */
export const viewLink = (context: ViewContext, text: string, changes: Record<string, string | undefined>, view: View = context.view): HTMLAnchorElement => {
  const params = withParams(context.params, changes);
  const link = h('a', { href: hrefOf({ view, params }) }, text);
  link.addEventListener('click', (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    context.go(params, view);
  });
  return link;
};
