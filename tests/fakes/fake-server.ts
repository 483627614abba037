import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * What every fake platform shares: an HTTP server and a WebSocket server on one random port of 127.0.0.1,
 * the open sockets, and a way to wait for something to have reached the fake.
 */
export abstract class FakeServer {
  protected readonly sockets = new Set<WebSocket>();
  private http!: Server;
  private wss!: WebSocketServer;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  protected abstract onRequest(req: IncomingMessage, res: ServerResponse): Promise<void>;
  protected abstract onSocket(socket: WebSocket): void;
  /** The WebSocket path (undefined: any path). */
  protected readonly socketPath?: string;

  async start(): Promise<this> {
    this.http = createServer((req, res) => void this.onRequest(req, res));
    this.wss = new WebSocketServer({ server: this.http, path: this.socketPath });
    this.wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      this.onSocket(socket);
    });
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    this.port = (this.http.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** Polls until probe returns something truthy (what reached the fake), or fails naming what never came. */
  async waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`${this.constructor.name}: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  protected static async readBody(req: IncomingMessage): Promise<string> {
    return (await FakeServer.readBytes(req)).toString();
  }

  protected static async readBytes(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
}
