import type { Database } from '../db/types.js';
import { changedDays } from './changed-days.js';
import { coveredBlock } from './covered-block.js';
import type { DayBuild } from './record-build.js';
import { buildUsageDay } from './usage-day.js';
import { buildVitalsDay } from './vitals-day.js';
import { buildWorkflowRunsDay, buildWorkflowStepsDay } from './workflow-day.js';

/** Each raw table with summaries (its marks' `source`), and how one of its days is built. */
const SOURCES: ReadonlyArray<[string, (db: Database, build: DayBuild) => Promise<number>]> = [
  ['vitals', buildVitalsDay],
  ['page_views', buildUsageDay],
  ['workflow_runs', buildWorkflowRunsDay],
  ['workflow_steps', buildWorkflowStepsDay],
];

export interface SummaryLog {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SummaryBuilderOptions {
  /** The connection builds run on: reads the raw tables, writes the summaries. */
  db: Database;
  log: SummaryLog;
  /** How often changed days are looked for, ms. */
  everyMs: number;
  /** Days built per round at most, so one round never runs for long. */
  daysPerRound?: number;
  clock?: () => number;
}

/**
 * Keeps the day summaries (schema 050) up to date: each round builds the days
 * whose raw rows changed since their last build. A day that keeps receiving
 * rows is rebuilt once a round and read from raw rows in between, so answers
 * are never stale; the interval trades the builder's work against how much of
 * a busy day the API reads raw. Several collectors on one database may build
 * the same day: each build is complete, and readers take the one recorded last.
 */
export class SummaryBuilder {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private lastBuild = 0;

  constructor(private readonly options: SummaryBuilderOptions) {}

  start(): void {
    if (this.timer) return;
    let busy = false;
    const run = () => {
      if (busy) return;
      busy = true;
      this.running = this.round()
        .catch((error: unknown) =>
          this.options.log.error({ err: error }, 'Building day summaries failed; answers read raw rows until the next round succeeds.'),
        )
        .finally(() => {
          busy = false;
        });
    };
    this.timer = setInterval(run, this.options.everyMs);
    this.timer.unref();
    run();
  }

  /** Builds the changed days of every source (up to daysPerRound each); returns how many it built. */
  async round(): Promise<number> {
    const clock = this.options.clock ?? Date.now;
    let built = 0;
    for (const [source, buildDay] of SOURCES) {
      const days = await changedDays(this.options.db, source, this.options.daysPerRound ?? 64);
      const started = clock();
      let rows = 0;
      for (const day of days) {
        // Ids grow even when two builds fall in one millisecond; the random part keeps two collectors' builds apart.
        const build = Math.max(this.lastBuild + 1, clock() * 1000 + Math.floor(Math.random() * 1000));
        this.lastBuild = build;
        // Read before the build reads the raw rows: a row stored in between is in the build and above the mark, which readers allow for.
        const block = await coveredBlock(this.options.db, source);
        rows += await buildDay(this.options.db, { app: day.app, day: day.day, covered: day.marked, build, block });
      }
      if (days.length > 0) {
        this.options.log.info(
          { source, days: days.length, rows, ms: Math.round(clock() - started) },
          `Built the ${source} summaries of ${days.length} changed day(s).`,
        );
      }
      built += days.length;
    }
    return built;
  }

  /** Stops the rounds and waits for the running one. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
