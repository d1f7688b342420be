import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the spool knows about itself when /metrics is scraped. */
export interface SpoolGauges {
  bytes(): number;
  segments(): number;
  /** Epoch ms of the oldest record not yet in ClickHouse, undefined when empty. */
  oldestAt(): number | undefined;
  fsyncs(): number;
  clickhouseUp(): boolean;
  now(): number;
}

export interface SpoolMetrics {
  accepted: Counter<'result'>;
  flushSeconds: Histogram;
  flushRows: Counter<'table'>;
  clickhouseErrors: Counter;
}

/** Registers the spool's metrics on the app's own registry (never the global one). */
export const registerSpoolMetrics = (registry: Registry, gauges: SpoolGauges): SpoolMetrics => {
  const registers = [registry];
  new Gauge({
    name: 'percept_spool_bytes',
    help: 'Bytes in the spool not yet stored in ClickHouse.',
    registers,
    collect() {
      this.set(gauges.bytes());
    },
  });
  new Gauge({
    name: 'percept_spool_segments',
    help: 'Sealed spool segments waiting for the flusher.',
    registers,
    collect() {
      this.set(gauges.segments());
    },
  });
  new Gauge({
    name: 'percept_spool_oldest_record_age_seconds',
    help: 'Age of the oldest record not yet stored in ClickHouse (0 when the spool is empty).',
    registers,
    collect() {
      const at = gauges.oldestAt();
      this.set(at === undefined ? 0 : Math.max(0, (gauges.now() - at) / 1000));
    },
  });
  new Counter({
    name: 'percept_spool_fsyncs_total',
    help: 'fdatasync calls of the spool writer; one serves every batch of a group commit.',
    registers,
    collect() {
      this.reset();
      this.inc(gauges.fsyncs());
    },
  });
  new Gauge({
    name: 'percept_clickhouse_up',
    help: '1 when the last flush attempt reached ClickHouse, 0 while it is failing.',
    registers,
    collect() {
      this.set(gauges.clickhouseUp() ? 1 : 0);
    },
  });
  return {
    accepted: new Counter({
      name: 'percept_spool_batches_total',
      help: 'Batches handed to the spool, by result: stored, duplicate, full.',
      labelNames: ['result'],
      registers,
    }),
    flushSeconds: new Histogram({
      name: 'percept_flush_duration_seconds',
      help: 'Time to store one sealed segment in ClickHouse (all its tables).',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    flushRows: new Counter({
      name: 'percept_flush_rows_total',
      help: 'Rows stored in ClickHouse by the flusher, by table.',
      labelNames: ['table'],
      registers,
    }),
    clickhouseErrors: new Counter({
      name: 'percept_clickhouse_insert_errors_total',
      help: 'Failed flush attempts (ClickHouse down or refusing the insert).',
      registers,
    }),
  };
};
