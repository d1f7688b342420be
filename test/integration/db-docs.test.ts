import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import type { ProcessedEvent } from '../../collector/pipeline/types.js';
import { ndjson, rowObjects } from '../support/rows.js';
import { RAW_TABLES } from '../../collector/rows/tables.js';
import { rate } from '../../schema/index.js';
import type { MetricName, WorkflowOutcome } from '../../schema/index.js';
import { exampleBatch } from '../support/batches.js';
import { openMigrated, processed } from '../support/db-fixtures.js';
import { SummaryBuilder } from '../../collector/summaries/builder.js';

/** Every ```sql block of docs/sql.md must run and answer with rows on seeded data: the docs stay true. */
const docs = readFileSync(new URL('../../docs/sql.md', import.meta.url), 'utf8');
const blocks = [...docs.matchAll(/^#+ (.+)$|```sql\n([\s\S]*?)```/gm)]
  .reduce<{ heading: string; sql: string }[]>((found, match) => {
    if (match[1]) found.push({ heading: match[1], sql: '' });
    else found.at(-1)!.sql ? found.push({ heading: found.at(-1)!.heading, sql: match[2]! }) : (found.at(-1)!.sql = match[2]!);
    return found;
  }, [])
  .filter((block) => block.sql);

const ROUTES = ['/', '/orders/:id', '/cart'];
const OUTCOMES: WorkflowOutcome[] = ['ok', 'ok', 'abandoned', 'ok', 'error', 'ok'];

/** Six sessions, three page views each, over two releases: old one two days ago, new one an hour ago. */
const sessionEvents = (i: number, start: number): ProcessedEvent[] => {
  const events: ProcessedEvent[] = [];
  const vital = (name: MetricName, value: number, ts: number, page_id: string, attribution = {}): ProcessedEvent => ({
    type: 'vital',
    ts,
    page_id,
    name,
    value,
    delta: value,
    id: `v-${name}-${page_id}`,
    nav: 'navigate',
    rating: rate(name, value),
    attribution,
  });
  ROUTES.forEach((route, k) => {
    const page_id = `page-${i}-${k}-00000`;
    const ts = start + k * 10_000;
    events.push({ type: 'page', ts, page_id, kind: k === 0 ? 'load' : 'route', nav: 'navigate', url: `https://shop.example${route}`, route });
    events.push(
      vital('LCP', 1500 + i * 800 + k * 100, ts + 1000, page_id, {
        selector: `main>img.hero-${k}`,
        ttfb: 200,
        load_delay: 300,
        load_duration: 900,
        render_delay: 100,
      }),
    );
    events.push(vital('CLS', 0.05 * i, ts + 5000, page_id));
    events.push(vital('INP', 100 + 80 * i, ts + 6000, page_id, { selector: 'button#pay', event: 'click' }));
  });
  const outcome = OUTCOMES[i]!;
  const steps = [
    { name: 'address', start: 0, duration: 600 + 50 * i },
    { name: 'payment', start: 600 + 50 * i, duration: 900 + 100 * i },
  ];
  events.push({
    type: 'workflow',
    ts: start + 25_000,
    page_id: `page-${i}-2-00000`,
    name: 'checkout',
    run_id: `run-${i}-0000000`,
    outcome,
    duration: 1500 + 150 * i,
    perceived: 1600 + 150 * i,
    steps: outcome === 'abandoned' ? steps.slice(0, 1) : steps,
    attrs: { plan: 'pro' },
  });
  return events;
};

let dbs: Databases;
beforeAll(async () => {
  dbs = await openMigrated();
  const now = Date.now();
  for (let i = 0; i < OUTCOMES.length; i++) {
    const release = i < 3 ? '2026.11.1' : '2026.11.2';
    const start = i < 3 ? now - 2 * 86_400_000 + i * 60_000 : now - 3_600_000 + i * 60_000;
    const batch = {
      ...processed(exampleBatch({ app: 'demo', release, session_id: `sess-${i}-00000000` }, start)),
      page_id: `page-${i}-2-00000`,
      events: sessionEvents(i, start),
    };
    const rows = rowObjects(batch);
    for (const table of RAW_TABLES) await dbs.writer.insertNdjson(table, ndjson(rows[table] ?? []), `${batch.batch_id}:${table}`);
  }
  const minute = Math.floor(now / 60_000) * 60 - 600;
  const counter = (outcome: string, reason: string, count: number) => ({ app: 'demo', minute, outcome, reason, count });
  await dbs.writer.insertNdjson(
    'ingest_counters',
    ndjson([counter('accepted', '', 40), counter('dropped', 'stale', 3), counter('rejected', 'invalid_event', 2)]),
    'docs-counters',
  );
  // Question 14 reads the day summaries: built as the collector's builder would.
  await new SummaryBuilder({ db: dbs.reader, log: { info: () => undefined, error: () => undefined }, everyMs: 0 }).round();
});
afterAll(() => dbs.close());

describe('docs/sql.md', () => {
  it('has the ten questions', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(11);
  });

  for (const block of blocks) {
    it(`runs: ${block.heading}`, async () => {
      const rows = await dbs.reader.query(block.sql.trim().replace(/;$/, ''), { app: 'demo', workflow: 'checkout' });
      expect(rows.length).toBeGreaterThan(0);
    });
  }
});
