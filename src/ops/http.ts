import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prometheusContentType } from 'prom-client';
import type { Logger } from '../core/ports/logger.js';
import type { Readiness } from './readiness.js';

/** What the operations paths serve; the shard manager's versions gather its shard processes too. */
export interface OpsEndpoints {
  metrics(): Promise<string>;
  readiness(): Promise<Readiness>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** The shape of Bolt's customRoutes (HTTPReceiver), so Slack's HTTP server serves the same paths. */
export interface OpsRoute {
  path: string;
  method: string;
  handler: Handler;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  res.end(body);
}

const json = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json', JSON.stringify(body));

/**
 * /metrics (Prometheus text), /healthz (alive: answering at all means the event loop turns) and /readyz (ready:
 * 200, or 503 with the reasons). A failure while gathering is a 500 and a log line, never a crash.
 */
export function opsRoutes(endpoints: OpsEndpoints, log: Logger): OpsRoute[] {
  const guarded = (work: (res: ServerResponse) => Promise<void>): Handler => {
    return (_req, res) =>
      void work(res).catch((error: unknown) => {
        log.error({ err: error }, 'could not answer an operations request');
        if (!res.headersSent) json(res, 500, { error: 'internal error' });
        else res.destroy();
      });
  };
  return [
    { path: '/metrics', method: 'GET', handler: guarded(async (res) => send(res, 200, prometheusContentType, await endpoints.metrics())) },
    { path: '/healthz', method: 'GET', handler: guarded(async (res) => json(res, 200, { alive: true })) },
    {
      path: '/readyz',
      method: 'GET',
      handler: guarded(async (res) => {
        const readiness = await endpoints.readiness();
        json(res, readiness.ready ? 200 : 503, readiness);
      }),
    },
  ];
}

/** The operations server of its own (METRICS_PORT): the three paths, 404 for anything else. Resolves once listening. */
export async function listenOps(routes: OpsRoute[], at: { host: string; port: number }, log: Logger): Promise<Server> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) return json(res, 404, { error: 'not found', paths: routes.map((r) => r.path) });
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(res, 405, { error: 'method not allowed' });
    route.handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.port, at.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  log.info({ url: `http://${host}:${port}` }, 'metrics, health and readiness served at /metrics, /healthz, /readyz');
  return server;
}

/** Closes the server and the connections kept open by scrapers. */
export async function closeOps(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
