import type { Attributes, PageEvent, WorkflowEvent } from '../../schema/index.js';
import type { ProcessedBatch, ProcessedEvent, RatedVital } from '../pipeline/types.js';
import { scrubText } from './fields.js';
import { WITHOUT_IP } from './plain.js';
import { runRule, scrub, scrubNumber } from './scrub.js';

/**
 * Applies the field rules to every free-text place of a processed batch and
 * returns a new batch; the input is not mutated.
 */

const scrubPage = (e: PageEvent): PageEvent => ({
  ...e,
  url: scrub('url', e.url),
  ...(e.referrer !== undefined && { referrer: scrub('referrer', e.referrer) }),
  ...(e.route !== undefined && { route: scrub('route', e.route) }),
});

/** The page-view place an event may carry with a `page_id` override. */
const scrubPlace = <E extends { url?: string; route?: string }>(e: E): E => ({
  ...e,
  ...(e.url !== undefined && { url: scrub('url', e.url) }),
  ...(e.route !== undefined && { route: scrub('route', e.route) }),
});

const scrubVital = (event: RatedVital): RatedVital => {
  const e = scrubPlace(event);
  if (e.attribution === undefined) return e;
  const a = e.attribution;
  return {
    ...e,
    attribution: {
      ...a,
      ...(a.selector !== undefined && { selector: scrub('selector', a.selector) }),
      ...(a.url !== undefined && { url: scrub('url', a.url) }),
    },
  };
};

/** Keys are scrubbed too; two keys that scrub to the same text keep the first value. */
const scrubAttributes = (attrs: Attributes): Attributes => {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attrs)) {
    const outKey = scrub('workflow_attr_key', key);
    if (Object.hasOwn(out, outKey)) continue;
    out[outKey] =
      typeof value === 'string'
        ? scrub('workflow_attr_value', value, { key })
        : typeof value === 'number'
          ? scrubNumber(key, value)
          : value;
  }
  return out;
};

const scrubWorkflow = (e: WorkflowEvent): WorkflowEvent => ({
  ...scrubPlace(e),
  name: scrub('free_text', e.name),
  ...(e.steps !== undefined && { steps: e.steps.map((s) => ({ ...s, name: scrub('free_text', s.name) })) }),
  ...(e.attrs !== undefined && { attrs: scrubAttributes(e.attrs) }),
  ...(e.error !== undefined && { error: scrub('error_message', e.error) }),
});

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

/** Scrubs every free-text field of `batch` (see docs/privacy.md for the field list). */
export const scrubBatch = (batch: ProcessedBatch): ProcessedBatch => ({
  ...scrubPlace(batch),
  release: scrubRelease(batch.release),
  env: scrub('free_text', batch.env),
  events: batch.events.map(scrubEvent),
});
