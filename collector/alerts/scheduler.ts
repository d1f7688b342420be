import { randomUUID } from 'node:crypto';
import type { Database } from '../db/types.js';
import { decide } from './decide.js';
import { crossingText, subject } from './describe.js';
import { measure, type Window } from './measure.js';
import type { AlertRule, AlertsConfig } from './rules.js';
import { AlertStore, type StoredState, type Transition } from './store.js';
import { deliver, DEFAULT_RETRY, roundMs, type RetryPolicy } from './webhook.js';

export interface AlertLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export interface SchedulerOptions {
  /** Reads the raw tables and the alert tables. */
  reader: Database;
  /** Writes leases, states, history and deliveries. */
  writer: Database;
  config: AlertsConfig;
  log: AlertLog;
  /** This collector's name in the lease table. Default: a random id per start. */
  owner?: string;
  retry?: RetryPolicy;
  /** How often due rules are looked for, ms. Default 15 s. */
  tickMs?: number;
}

/** The X-Percept-Delivery id of a crossing: the same on every attempt and every round. */
const deliveryId = (transition: Transition): string => `${transition.ruleId}-${transition.at}`;

/** What one tick did per rule, for logs and tests. */
export type TickOutcome = 'evaluated' | 'not-due' | 'other-owner' | 'failed';

/**
 * Evaluates the alert rules on their schedules. A rule's schedule is cut into
 * slots of `every`; in each slot one collector (the lease owner) measures the
 * rule over the window ending at the slot's start, stores the state, and on a
 * crossing stores it in the history and sends the webhook. State lives in
 * ClickHouse, so a restarted collector compares against what was stored and
 * does not fire again. Deliveries live there too: a crossing whose webhook
 * was not acknowledged is sent again by the owner of a later slot of the
 * rule (this collector after a restart, or another one), until a 2xx or a
 * newer crossing of the rule.
 */
export class AlertScheduler {
  private readonly store: AlertStore;
  private readonly owner: string;
  private readonly lastSlot = new Map<string, number>();
  private readonly deliveries = new Set<Promise<void>>();
  /** Delivery ids of the rounds this collector has under way. */
  private readonly sending = new Set<string>();
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SchedulerOptions) {
    this.store = new AlertStore(options.writer);
    this.owner = options.owner ?? `collector-${randomUUID()}`;
  }

  start(): void {
    if (!this.options.config.evaluate || this.options.config.rules.length === 0 || this.timer) return;
    let busy = false;
    const run = () => {
      // A slow tick (a database outage) must not overlap the next one.
      if (busy) return;
      busy = true;
      this.running = this.tick()
        .catch((error: unknown) => this.options.log.error({ err: error }, 'Alert evaluation failed; the next tick tries again.'))
        .finally(() => {
          busy = false;
        });
    };
    this.timer = setInterval(run, this.options.tickMs ?? 15_000);
    this.timer.unref();
    run();
  }

  /** Evaluates every rule whose slot at `now` this collector has not looked at yet. */
  async tick(now = Date.now()): Promise<Map<string, TickOutcome>> {
    const outcomes = new Map<string, TickOutcome>();
    for (const rule of this.options.config.rules) {
      const slot = Math.floor(now / rule.everyMs);
      if (this.lastSlot.get(rule.id) === slot) {
        outcomes.set(rule.id, 'not-due');
        continue;
      }
      try {
        const owner = await this.store.claim(rule.id, slot, this.owner, now);
        this.lastSlot.set(rule.id, slot);
        if (owner !== this.owner) {
          outcomes.set(rule.id, 'other-owner');
          continue;
        }
        // A new crossing is sent at once and supersedes any older one still undelivered.
        if (!(await this.evaluate(rule, slot, now))) await this.redeliver(rule, now);
        outcomes.set(rule.id, 'evaluated');
      } catch (error) {
        outcomes.set(rule.id, 'failed');
        this.options.log.error({ err: error, rule: rule.id }, `Alert rule ${rule.id} could not be evaluated; it is tried again on the next tick.`);
      }
    }
    return outcomes;
  }

  /** Resolves once every webhook under way has been delivered or given up, and its outcome recorded. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.deliveries]);
  }

  /** Stops the schedule, cuts retries short, and waits for the running tick and the deliveries to be recorded. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopping.abort();
    await this.running;
    await Promise.allSettled([...this.deliveries]);
  }

  /** Measures the rule for the slot and stores the state; true when it crossed (and its webhook went out). */
  private async evaluate(rule: AlertRule, slot: number, now: number): Promise<boolean> {
    const end = slot * rule.everyMs;
    const window: Window = { start: end - rule.windowMs, end };
    const current = await measure(this.options.reader, rule, window);
    const baseline =
      rule.baselineMs === undefined ? null : await measure(this.options.reader, rule, { start: window.start - rule.baselineMs, end: window.start });
    const previous = (await this.store.states([rule.app])).get(rule.id);
    const previousState = previous?.state ?? 'ok';
    const verdict = decide(rule, current, baseline, previousState);
    const crossed = verdict.state !== previousState;
    const state: StoredState = {
      ruleId: rule.id,
      state: verdict.state,
      since: crossed || !previous ? now : previous.since,
      evaluatedAt: now,
      value: current.value,
      baseline: baseline?.value ?? null,
      samples: current.samples,
      enoughData: verdict.enoughData,
    };
    const transition: Transition | null = crossed
      ? {
          app: rule.app,
          ruleId: rule.id,
          from: previousState,
          to: verdict.state,
          at: now,
          value: current.value,
          baseline: state.baseline,
          threshold: verdict.threshold!,
          samples: current.samples,
          windowStart: window.start,
          windowEnd: window.end,
        }
      : null;
    await this.store.record(rule.app, state, slot, transition);
    if (!transition) return false;
    await this.send(rule, transition, now);
    return true;
  }

  /**
   * Sends the rule's latest crossing again when its webhook was never
   * acknowledged. Only the owner of the rule's current slot gets here, so
   * two collectors never both pick it up in one slot; a round another
   * collector started and has not finished (a start row without an outcome,
   * younger than the longest a round can take) is left to it. A start row
   * older than that belongs to a collector that died mid-round.
   */
  private async redeliver(rule: AlertRule, now: number): Promise<void> {
    const crossing = await this.store.latestCrossing(rule.app, rule.id);
    if (!crossing || this.sending.has(deliveryId(crossing))) return;
    const status = await this.store.deliveryOf(rule.app, rule.id, crossing.at);
    if (status?.delivered) return;
    const maxRound = roundMs(this.options.retry ?? DEFAULT_RETRY);
    if (status?.underWaySince != null && now - status.underWaySince < maxRound) return;
    // No row at all: the evaluating collector stopped between storing the crossing and starting its round.
    if (status === null && now - crossing.at < maxRound) return;
    this.options.log.info(
      { rule: rule.id, state: crossing.to, crossedAt: new Date(crossing.at).toISOString(), failedRounds: status?.failedRounds ?? 0 },
      `Sending the alert webhook for ${rule.id} again: the crossing to ${crossing.to} was not delivered yet.`,
    );
    await this.send(rule, crossing, now);
  }

  /**
   * Records the start of a round, then sends the crossing in the background
   * (retries must not hold up other rules) and records the outcome. Times are
   * on the scheduler's clock (`now`), so rounds order with the evaluations.
   */
  private async send(rule: AlertRule, transition: Transition, now: number): Promise<void> {
    const round = { app: rule.app, ruleId: rule.id, transitionAt: transition.at, startedAt: now };
    await this.store.recordDelivery({ ...round, delivered: false, attempts: 0, status: 0, error: '', finishedAt: now });
    const started = Date.now();
    const webhook = this.options.config.webhook!;
    const text = crossingText(rule, transition.to, transition.value, transition.threshold);
    const payload = {
      rule: rule.id,
      app: rule.app,
      subject: subject(rule),
      state: transition.to,
      previous: transition.from,
      at: new Date(transition.at).toISOString(),
      statistic: rule.statistic,
      ...(rule.metric ? { metric: rule.metric } : {}),
      ...(rule.workflow ? { workflow: rule.workflow } : {}),
      value: transition.value,
      threshold: transition.threshold,
      baseline: transition.baseline,
      samples: transition.samples,
      window: { from: new Date(transition.windowStart).toISOString(), to: new Date(transition.windowEnd).toISOString() },
      filters: rule.filters,
      text,
    };
    const id = deliveryId(transition);
    this.sending.add(id);
    const job = deliver(webhook.url, webhook.secret, id, payload, this.options.retry ?? DEFAULT_RETRY, Date.now, this.stopping.signal)
      .then(async (result) => {
        if (result.delivered) this.options.log.info({ rule: rule.id, state: transition.to, attempts: result.attempts }, text);
        else
          this.options.log.warn(
            { rule: rule.id, state: transition.to, attempts: result.attempts, error: result.error },
            `The alert webhook for ${rule.id} was not delivered: ${result.error}. Check alerts.webhook.url and that the receiver answers 2xx; ` +
              "it is sent again at the rule's next evaluation.",
          );
        await this.store.recordDelivery({ ...round, ...result, finishedAt: now + Math.max(1, Date.now() - started) });
      })
      .catch((error: unknown) => this.options.log.error({ err: error, rule: rule.id }, 'Recording an alert delivery failed.'))
      .finally(() => {
        this.sending.delete(id);
        this.deliveries.delete(job);
      });
    this.deliveries.add(job);
  }
}
