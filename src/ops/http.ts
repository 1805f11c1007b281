import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, newErrorRef } from '../log.js';
import type { HealthReport } from './health.js';

export interface OpsEndpoints {
  health: () => Promise<HealthReport>;
  metrics: () => Promise<{ contentType: string; body: string }>;
}

export interface OpsServer {
  /** `http://host:port`, the port the system gave when 0 was asked. */
  url: string;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, contentType: string, body: string) {
  response.writeHead(status, {
    'content-type': contentType,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

const json = (response: ServerResponse, status: number, value: unknown) =>
  send(response, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);

/**
 * `GET /healthz` (200 when healthy, 503 naming what is wrong) and `GET /metrics` (Prometheus text),
 * for a supervisor and a scraper. Nothing else is served, and nothing here changes the bot.
 */
export async function serveOps(
  endpoints: OpsEndpoints,
  options: { host: string; port: number; log: Logger },
): Promise<OpsServer> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://ops').pathname;
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('allow', 'GET, HEAD');
        return json(response, 405, { error: 'only GET' });
      }
      if (path === '/healthz') {
        const report = await endpoints.health();
        return json(response, report.healthy ? 200 : 503, report);
      }
      if (path === '/metrics') {
        const { contentType, body } = await endpoints.metrics();
        return send(response, 200, contentType, body);
      }
      return json(response, 404, { error: 'not found; try /healthz or /metrics' });
    } catch (error) {
      const ref = newErrorRef();
      options.log.error({ err: error, ref, path }, 'health or metrics request failed');
      return json(response, 500, { error: 'internal error', ref });
    }
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  options.log.info({ url }, 'serving /healthz and /metrics');
  return {
    url,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
