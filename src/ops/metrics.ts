import { statSync } from 'node:fs';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db, RunStatus } from '../db/schema.js';
import type { InteractionReport } from '../discord/router.js';

export interface MetricSources {
  db: Db;
  databasePath: string;
  /** The gateway's latest heartbeat round trip and server count; undefined off the gateway. */
  gateway: () => { pingMs: number; guilds: number } | undefined;
}

const runStatuses: readonly RunStatus[] = ['sending', 'posted', 'failed', 'missed', 'unknown'];

/** Interactions are small: most answer within milliseconds, the slow ones within seconds. */
const handlingBuckets = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Bytes of a file, 0 when it is absent (a WAL file between checkpoints). */
const sizeOf = (path: string) => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/**
 * Prometheus metrics: the process's own (memory, CPU, event loop lag, garbage collection), what
 * the router reports per interaction, and the state read at each scrape (gateway, sync-ups, outbox,
 * database size). Names start with `nexus_`.
 */
export function createMetrics(sources: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const interactions = new Counter({
    name: 'nexus_interactions_total',
    help: 'Interactions handled, by kind, command path (or component command:action) and outcome.',
    labelNames: ['kind', 'command', 'outcome'] as const,
    registers,
  });
  const handling = new Histogram({
    name: 'nexus_interaction_duration_seconds',
    help: 'Time from an interaction reaching the router to its answer being ready, by kind.',
    labelNames: ['kind'] as const,
    buckets: handlingBuckets,
    registers,
  });
  new Gauge({
    name: 'nexus_gateway_ping_seconds',
    help: "Round trip of the gateway's latest heartbeat.",
    registers,
    collect() {
      const pingMs = sources.gateway()?.pingMs;
      if (pingMs !== undefined && pingMs >= 0) this.set(pingMs / 1000);
    },
  });
  new Gauge({
    name: 'nexus_guilds',
    help: 'Servers the bot is in.',
    registers,
    collect() {
      const gateway = sources.gateway();
      if (gateway) this.set(gateway.guilds);
    },
  });
  new Gauge({
    name: 'nexus_sync_runs',
    help: 'Sync-up runs recorded in the database, by outcome.',
    labelNames: ['status'] as const,
    registers,
    async collect() {
      const rows = await sources.db
        .selectFrom('sync_runs')
        .select(['status', (eb) => eb.fn.countAll<number>().as('runs')])
        .groupBy('status')
        .execute();
      for (const status of runStatuses) {
        this.set({ status }, rows.find((row) => row.status === status)?.runs ?? 0);
      }
    },
  });
  new Gauge({
    name: 'nexus_outbox_pending_messages',
    help: 'Sync-up messages recorded and not yet posted.',
    registers,
    async collect() {
      const { pending } = await sources.db
        .selectFrom('sync_outbox')
        .select((eb) => eb.fn.countAll<number>().as('pending'))
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      this.set(pending);
    },
  });
  new Gauge({
    name: 'nexus_database_bytes',
    help: 'Size of the SQLite database file and its write-ahead log.',
    registers,
    collect() {
      this.set(sizeOf(sources.databasePath) + sizeOf(`${sources.databasePath}-wal`));
    },
  });

  return {
    observe(report: InteractionReport) {
      interactions.inc({ kind: report.kind, command: report.label, outcome: report.outcome });
      handling.observe({ kind: report.kind }, report.ms / 1000);
    },
    async render(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
