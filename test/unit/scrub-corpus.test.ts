import { describe, expect, it } from 'vitest';
import { scrub } from '../../collector/scrub/index.js';
import { corpus, type Case } from './scrub-corpus/index.js';

const label = (c: Case): string => `${c.field}${c.context?.key ? `[${c.context.key}]` : ''}: ${JSON.stringify(c.input)}`;

describe('scrub corpus', () => {
  it('holds at least 200 cases over every field', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(200);
    const fields = new Set(corpus.map((c) => c.field));
    for (const f of ['url', 'referrer', 'route', 'selector', 'workflow_attr_key', 'workflow_attr_value', 'error_message', 'free_text', 'user_agent']) {
      expect(fields).toContain(f);
    }
  });

  it.each(corpus.map((c) => [label(c), c] as const))('%s', (_label, c) => {
    const out = scrub(c.field, c.input, c.context);
    if (c.expect !== undefined) expect(out).toBe(c.expect);
    for (const s of c.gone ?? []) expect(out).not.toContain(s);
    for (const s of c.kept ?? []) expect(out).toContain(s);
    // Idempotent: scrubbing scrubbed output changes nothing.
    expect(scrub(c.field, out, c.context)).toBe(out);
  });
});
