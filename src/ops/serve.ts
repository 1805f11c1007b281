/**
 * Health and metrics over HTTP, started only when HTTP_PORT is set: main.ts imports this module
 * then, so a bot without it never loads prom-client.
 */
import type { InteractionReport } from '../discord/router.js';
import type { Logger } from '../log.js';
import { type Check, checkHealth, probeDatabase } from './health.js';
import { serveOps } from './http.js';
import { createMetrics, type MetricSources } from './metrics.js';

export interface OpsOptions extends MetricSources {
  host: string;
  port: number;
  log: Logger;
  now: () => Date;
  connection: () => Check;
  lastTick: () => Date | undefined;
}

export async function startOpsServer(options: OpsOptions) {
  const { db } = options;
  const metrics = createMetrics(options);
  const server = await serveOps(
    {
      health: () =>
        checkHealth({
          connection: options.connection,
          probeDatabase: (now) => probeDatabase(db, now),
          lastTick: options.lastTick,
          now: options.now,
        }),
      metrics: metrics.render,
    },
    options,
  );
  return {
    observe: (report: InteractionReport) => metrics.observe(report),
    close: () => server.close(),
  };
}
