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

export interface Delivery {
  app: string;
  ruleId: string;
  transitionAt: number;
  delivered: boolean;
  attempts: number;
  /** HTTP status of the last attempt; 0 when no answer came. */
  status: number;
  error: string;
  finishedAt: number;
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
      `delivery-${delivery.ruleId}-${delivery.transitionAt}`,
    );
  }

  /** Crossings of `apps` between two instants, newest first, with their webhook outcome when known. */
  async history(apps: readonly string[], from: number, to: number, limit: number): Promise<(Transition & { delivered: boolean | null; attempts: number })[]> {
    const rows = await this.db.query<{
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
      delivered: number | null;
      attempts: number | null;
    }>(
      `SELECT h.app AS app, h.rule_id AS rule_id, from_state, to_state, at, value, baseline, threshold, samples, window_start, window_end,
        d.delivered AS delivered, d.attempts AS attempts
      FROM (SELECT * FROM alert_history WHERE app IN {apps:Array(String)} AND at >= toDateTime64({from:Float64}, 3) AND at < toDateTime64({to:Float64}, 3)) AS h
      LEFT JOIN (SELECT rule_id, transition_at, max(delivered) AS delivered, max(attempts) AS attempts FROM alert_deliveries
        WHERE app IN {apps:Array(String)} GROUP BY rule_id, transition_at) AS d
        ON d.rule_id = h.rule_id AND d.transition_at = h.at
      ORDER BY at DESC LIMIT {limit:UInt32}
      SETTINGS join_use_nulls = 1`,
      { apps: [...apps], from: from / 1000, to: to / 1000, limit },
    );
    return rows.map((row) => ({
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
      delivered: row.delivered === null ? null : row.delivered === 1,
      attempts: Number(row.attempts ?? 0),
    }));
  }
}
