import type { Attributes, WorkflowEvent } from '../../schema/index.js';
import type { ProcessedBatch, ProcessedEvent, ProcessedPage, RatedVital } from '../pipeline/types.js';
import { scrubText } from './fields.js';
import { WITHOUT_IP } from './plain.js';
import { runRule, scrub, scrubNumber } from './scrub.js';

declare const scrubbed: unique symbol;

/**
 * A processed batch whose free-text places went through {@link scrubBatch}.
 * The brand exists only for the compiler: nothing but scrubBatch makes one,
 * and the spool accepts nothing else, so "scrubbed before it is spooled"
 * is checked at compile time.
 */
export type ScrubbedBatch = ProcessedBatch & { readonly [scrubbed]: true };

// One copy per object, then fields overwritten in place: conditional spreads
// (`...(x && {…})`) allocate a throwaway object per field on the ingest path.

const scrubPage = (e: ProcessedPage): ProcessedPage => {
  const out = { ...e, url: scrub('url', e.url) };
  if (e.referrer !== undefined) out.referrer = scrub('referrer', e.referrer);
  if (e.route !== undefined) out.route = scrub('route', e.route);
  if (e.prev_route !== undefined) out.prev_route = scrub('route', e.prev_route);
  return out;
};

/** The page-view place an event may carry with a `page_id` override; scrubs `out` in place. */
const scrubPlaceOf = <E extends { url?: string; route?: string }>(out: E): E => {
  if (out.url !== undefined) out.url = scrub('url', out.url);
  if (out.route !== undefined) out.route = scrub('route', out.route);
  return out;
};

const scrubVital = (event: RatedVital): RatedVital => {
  const e = scrubPlaceOf({ ...event });
  const a = e.attribution;
  if (a === undefined) return e;
  const attribution = { ...a };
  if (a.selector !== undefined) attribution.selector = scrub('selector', a.selector);
  if (a.url !== undefined) attribution.url = scrub('url', a.url);
  e.attribution = attribution;
  return e;
};

/** Keys are scrubbed too; two keys that scrub to the same text keep the first value. */
const scrubAttributes = (attrs: Attributes): Attributes => {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attrs)) {
    const outKey = scrub('workflow_attr_key', key);
    if (Object.hasOwn(out, outKey)) continue;
    out[outKey] = typeof value === 'string' ? scrub('workflow_attr_value', value, { key }) : typeof value === 'number' ? scrubNumber(key, value) : value;
  }
  return out;
};

const scrubWorkflow = (e: WorkflowEvent): WorkflowEvent => {
  const out = scrubPlaceOf({ ...e, name: scrub('free_text', e.name) });
  if (e.steps !== undefined) out.steps = e.steps.map((s) => ({ ...s, name: scrub('free_text', s.name) }));
  if (e.attrs !== undefined) out.attrs = scrubAttributes(e.attrs);
  if (e.error !== undefined) out.error = scrub('error_message', e.error);
  return out;
};

const scrubEvent = (e: ProcessedEvent): ProcessedEvent => {
  switch (e.type) {
    case 'page':
      return scrubPage(e);
    case 'vital':
      return scrubVital(e);
    case 'workflow':
      return scrubWorkflow(e);
  }
};

// A release is a version by definition ("1.4.0.12" is a build, not a host),
// so the dotted-quad rule does not apply to it; everything else does.
const scrubRelease = (release: string): string => runRule((text) => scrubText(text, WITHOUT_IP), release);

/**
 * Applies the field rules to every free-text place of a processed batch (see
 * docs/privacy.md for the field list) and returns a new batch; the input is
 * not mutated.
 */
export const scrubBatch = (batch: ProcessedBatch): ScrubbedBatch =>
  scrubPlaceOf({
    ...batch,
    release: scrubRelease(batch.release),
    env: scrub('free_text', batch.env),
    events: batch.events.map(scrubEvent),
  }) as ScrubbedBatch;
