import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of Redis or PostgreSQL that a test can cut (every open connection is reset and new ones
 * are refused, as when the server goes away) and restore: a store outage without touching the shared server.
 */
export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private cut = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => {
      if (this.cut) {
        client.resetAndDestroy();
        return;
      }
      const upstream = connect(this.target);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(a);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
        a.pipe(b);
      }
    });
  }

  /** Starts listening on 127.0.0.1 and returns the proxied URL (the target URL with the proxy's port). */
  async start(targetUrl: string): Promise<string> {
    const url = await listenInFront(this.server, targetUrl);
    this.port = Number(new URL(url).port);
    return url;
  }

  /** The store goes away: open connections are reset, new ones refused. */
  cutOff(): void {
    this.cut = true;
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  /** The store is back. */
  restore(): void {
    this.cut = false;
  }

  async stop(): Promise<void> {
    this.cutOff();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Listens on a free port of 127.0.0.1 and returns the target's URL pointed there, for a server in front of it. */
export async function listenInFront(server: Server, targetUrl: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as { port: number }).port);
  return url.toString();
}
