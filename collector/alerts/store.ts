import type { Database } from '../db/types.js';
import { toClickHouseTime } from '../rows/time.js';

export type AlertState = 'ok' | 'alerting';

/** A rule's stored state: what it is, since when, and the last evaluation. */
export interface StoredState {
  ruleId: string;
  state: AlertState;
  since: number;
  evaluatedAt: number;
  value: number | null;
  baseline: number | null;
  samples: number;
  enoughData: boolean;
}

/** One crossing of a rule. */
export interface Transition {
  app: string;
  ruleId: string;
  from: AlertState;
  to: AlertState;
  at: number;
  value: number | null;
  baseline: number | null;
  threshold: number;
  samples: number;
  windowStart: number;
  windowEnd: number;
}

/**
 * One row of `alert_deliveries`: the outcome of one round of attempts at a
 * crossing's webhook, or, with `attempts` 0, the start of a round (written
 * before the first attempt, so other collectors see it under way).
 */
export interface Delivery {
  app: string;
  ruleId: string;
  transitionAt: number;
  delivered: boolean;
  attempts: number;
  /** HTTP status of the last attempt; 0 when no answer came. */
  status: number;
  error: string;
  /** When the round started: it names the round in the row's deduplication token. */
  startedAt: number;
  finishedAt: number;
}

/** Where a crossing's webhook stands, from all its rows in `alert_deliveries`. */
export interface DeliveryStatus {
  /** Some round got a 2xx. */
  delivered: boolean;
  /** Rounds that ended without a 2xx. */
  failedRounds: number;
  /** When the latest round started, if it has not ended (no outcome row yet); null otherwise. */
  underWaySince: number | null;
}

const line = (row: object): string => `${JSON.stringify(row)}\n`;
const ms = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

/**
 * The alert tables of migration 040. Every write carries a deduplication
 * token named after the rule and slot, so a retried write stores nothing twice.
 */
export class AlertStore {
  constructor(private readonly db: Database) {}

  /**
   * Claims the evaluation of `ruleId` at `slot` for `owner` and returns the
   * owner ClickHouse kept: the first insert under the slot's token wins, later
   * ones are dropped as duplicates, so every claimant reads the same owner.
   */
  async claim(ruleId: string, slot: number, owner: string, now: number): Promise<string> {
    await this.db.insertNdjson('alert_leases', line({ rule_id: ruleId, slot, owner, claimed_at: toClickHouseTime(now) }), `lease-${ruleId}-${slot}`);
    const [row] = await this.db.query<{ owner: string }>(
      'SELECT owner FROM alert_leases WHERE rule_id = {rule:String} AND slot = {slot:UInt64} ORDER BY claimed_at, owner LIMIT 1',
      { rule: ruleId, slot },
    );
    return row?.owner ?? '';
  }

  /** The latest state of each rule of `apps` (all rules when `apps` is undefined). */
  async states(apps?: readonly string[]): Promise<Map<string, StoredState>> {
    const rows = await this.db.query<{
      rule_id: string;
      s_state: AlertState;
      s_since: string;
      s_evaluated_at: string;
      s_value: number | null;
      s_baseline: number | null;
      s_samples: number;
      s_enough_data: number;
    }>(
      // Aliases differ from column names: an alias equal to a column would be read back inside the other argMax calls.
      `SELECT rule_id, argMax(state, evaluated_at) AS s_state, argMax(since, evaluated_at) AS s_since, max(evaluated_at) AS s_evaluated_at,
        argMax(value, evaluated_at) AS s_value, argMax(baseline, evaluated_at) AS s_baseline,
        argMax(samples, evaluated_at) AS s_samples, argMax(enough_data, evaluated_at) AS s_enough_data
      FROM alert_state ${apps ? 'WHERE app IN {apps:Array(String)}' : ''} GROUP BY rule_id`,
      apps ? { apps: [...apps] } : {},
    );
    return new Map(
      rows.map((row) => [
        row.rule_id,
        {
          ruleId: row.rule_id,
          state: row.s_state,
          since: ms(row.s_since),
          evaluatedAt: ms(row.s_evaluated_at),
          value: row.s_value,
          baseline: row.s_baseline,
          samples: Number(row.s_samples),
          enoughData: row.s_enough_data === 1,
        },
      ]),
    );
  }

  /** Records an evaluation: the new state row and, when the state crossed, the history row. */
  async record(app: string, state: StoredState, slot: number, transition: Transition | null): Promise<void> {
    await this.db.insertNdjson(
      'alert_state',
      line({
        app,
        rule_id: state.ruleId,
        state: state.state,
        since: toClickHouseTime(state.since),
        evaluated_at: toClickHouseTime(state.evaluatedAt),
        value: state.value,
        baseline: state.baseline,
        samples: state.samples,
        enough_data: state.enoughData ? 1 : 0,
      }),
      `state-${state.ruleId}-${slot}`,
    );
    if (!transition) return;
    await this.db.insertNdjson(
      'alert_history',
      line({
        app,
        rule_id: transition.ruleId,
        from_state: transition.from,
        to_state: transition.to,
        at: toClickHouseTime(transition.at),
        value: transition.value,
        baseline: transition.baseline,
        threshold: transition.threshold,
        samples: transition.samples,
        window_start: toClickHouseTime(transition.windowStart),
        window_end: toClickHouseTime(transition.windowEnd),
      }),
      `history-${transition.ruleId}-${slot}`,
    );
  }

  /** Records the start (attempts 0) or the outcome of a delivery round. */
  async recordDelivery(delivery: Delivery): Promise<void> {
    await this.db.insertNdjson(
      'alert_deliveries',
      line({
        app: delivery.app,
        rule_id: delivery.ruleId,
        transition_at: toClickHouseTime(delivery.transitionAt),
        delivered: delivery.delivered ? 1 : 0,
        attempts: delivery.attempts,
        status: delivery.status,
        error: delivery.error.slice(0, 500),
        finished_at: toClickHouseTime(delivery.finishedAt),
      }),
      `delivery-${delivery.ruleId}-${delivery.transitionAt}-${delivery.startedAt}-${delivery.attempts === 0 ? 'start' : 'end'}`,
    );
  }

  /** The latest crossing of a rule: the only one whose webhook is still worth sending. */
  async latestCrossing(app: string, ruleId: string): Promise<Transition | null> {
    const [row] = await this.db.query<HistoryRow>(
      `SELECT app, rule_id, from_state, to_state, at, value, baseline, threshold, samples, window_start, window_end
      FROM alert_history WHERE app = {app:String} AND rule_id = {rule:String} ORDER BY at DESC LIMIT 1`,
      { app, rule: ruleId },
    );
    return row ? toTransition(row) : null;
  }

  /** Where the webhook of one crossing stands; null when no round was ever recorded. */
  async deliveryOf(app: string, ruleId: string, transitionAt: number): Promise<DeliveryStatus | null> {
    const [row] = await this.db.query<{ n: number; d_delivered: number; d_failed: number; d_last_attempts: number; d_last_at: string }>(
      // Aliases differ from column names: an alias equal to a column would be read back inside the other aggregates.
      `SELECT count() AS n, max(delivered) AS d_delivered, countIf(attempts > 0 AND delivered = 0) AS d_failed,
        argMax(attempts, (finished_at, attempts)) AS d_last_attempts, max(finished_at) AS d_last_at
      FROM alert_deliveries
      WHERE app = {app:String} AND rule_id = {rule:String} AND transition_at = toDateTime64({at:Float64}, 3)`,
      { app, rule: ruleId, at: transitionAt / 1000 },
    );
    if (!row || Number(row.n) === 0) return null;
    return {
      delivered: row.d_delivered === 1,
      failedRounds: Number(row.d_failed),
      underWaySince: Number(row.d_last_attempts) === 0 ? ms(row.d_last_at) : null,
    };
  }

  /**
   * Crossings of `apps` between two instants, newest first, with their
   * webhook outcome: delivered when a round got a 2xx, null while a round is
   * under way (or none was recorded yet), false when the last round failed.
   */
  async history(apps: readonly string[], from: number, to: number, limit: number): Promise<(Transition & { delivered: boolean | null; attempts: number })[]> {
    const rows = await this.db.query<HistoryRow & { delivered: number | null; last_attempts: number | null; attempts: number | null }>(
      `SELECT h.app AS app, h.rule_id AS rule_id, from_state, to_state, at, value, baseline, threshold, samples, window_start, window_end,
        d.d_delivered AS delivered, d.d_last_attempts AS last_attempts, d.d_attempts AS attempts
      FROM (SELECT * FROM alert_history WHERE app IN {apps:Array(String)} AND at >= toDateTime64({from:Float64}, 3) AND at < toDateTime64({to:Float64}, 3)) AS h
      LEFT JOIN (SELECT rule_id, transition_at, max(delivered) AS d_delivered, argMax(attempts, (finished_at, attempts)) AS d_last_attempts,
          sum(attempts) AS d_attempts
        FROM alert_deliveries WHERE app IN {apps:Array(String)} GROUP BY rule_id, transition_at) AS d
        ON d.rule_id = h.rule_id AND d.transition_at = h.at
      ORDER BY at DESC LIMIT {limit:UInt32}
      SETTINGS join_use_nulls = 1`,
      { apps: [...apps], from: from / 1000, to: to / 1000, limit },
    );
    return rows.map((row) => ({
      ...toTransition(row),
      delivered: row.delivered === 1 ? true : row.delivered === null || Number(row.last_attempts) === 0 ? null : false,
      attempts: Number(row.attempts ?? 0),
    }));
  }
}

interface HistoryRow {
  app: string;
  rule_id: string;
  from_state: AlertState;
  to_state: AlertState;
  at: string;
  value: number | null;
  baseline: number | null;
  threshold: number;
  samples: number;
  window_start: string;
  window_end: string;
}

const toTransition = (row: HistoryRow): Transition => ({
  app: row.app,
  ruleId: row.rule_id,
  from: row.from_state,
  to: row.to_state,
  at: ms(row.at),
  value: row.value,
  baseline: row.baseline,
  threshold: row.threshold,
  samples: Number(row.samples),
  windowStart: ms(row.window_start),
  windowEnd: ms(row.window_end),
});
