import type { View } from '../url-state.js';

/** What a view is drawn from. */
export interface ViewContext {
  view: View;
  /** The URL's parameters: filters and this view's options. */
  params: URLSearchParams;
  app: string;
  /** Goes to another place (pushes it onto the history). */
  go(params: URLSearchParams, view?: View): void;
}

export interface ViewDefinition {
  /** Draws the view; sections fill themselves in as their answers come (states.ts, `section`). */
  render(context: ViewContext): HTMLElement;
  /** Whether the percentile choice applies here. */
  usesPercentile: boolean;
}
