import type { ProcessedBatch } from '../pipeline/types.js';

/** Where a page view was: what vitals and workflows of that page view are filed under. */
export interface PageRef {
  route: string;
  url: string;
}

/** Where an event is filed: the page view id and its place. */
export interface EventPlace {
  page_id: string;
  route: string;
  url: string;
}

/**
 * The place of each event of a batch: its own url and route when it carries
 * one (sent with a `page_id` override), else the page event of this batch,
 * else `pages` (page views the caller saw earlier), else the envelope's when
 * it belongs to its page view, else ''.
 */
export const placeResolver = (
  batch: ProcessedBatch,
  pages?: ReadonlyMap<string, PageRef>,
): ((event: { page_id?: string; url?: string; route?: string }) => EventPlace) => {
  const pagesInBatch = new Map<string, PageRef>();
  for (const event of batch.events) {
    if (event.type === 'page') pagesInBatch.set(event.page_id ?? batch.page_id, { route: event.route ?? '', url: event.url });
  }
  const envelopePage: PageRef | undefined =
    batch.url !== undefined || batch.route !== undefined ? { url: batch.url ?? '', route: batch.route ?? '' } : undefined;
  return (event) => {
    const page_id = event.page_id ?? batch.page_id;
    if (event.url !== undefined || event.route !== undefined) return { page_id, route: event.route ?? '', url: event.url ?? '' };
    const page = pagesInBatch.get(page_id) ?? pages?.get(page_id) ?? (page_id === batch.page_id ? envelopePage : undefined);
    return { page_id, route: page?.route ?? '', url: page?.url ?? '' };
  };
};
