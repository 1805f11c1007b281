/**
 * The container's HEALTHCHECK (`node dist/src/ops/healthcheck.js`): exits 0 when the bot's
 * GET /healthz answers 200, 1 otherwise. Without HTTP_PORT there is nothing to ask, and a port of 0
 * cannot be found from outside: it exits 0, leaving the container's health to its restart policy.
 */
const port = Number(process.env.HTTP_PORT?.trim() || 0);
// A server listening on every address is reached on loopback.
const host = (process.env.HTTP_HOST?.trim() || '127.0.0.1').replace(/^0\.0\.0\.0$/, '127.0.0.1');

if (port > 0) {
  const url = `http://${host.includes(':') ? `[${host === '::' ? '::1' : host}]` : host}:${port}/healthz`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = await response.text();
    if (!response.ok) process.stderr.write(`${url}: ${response.status} ${body}`);
    process.exitCode = response.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`${url}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
