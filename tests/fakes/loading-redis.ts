import { connect, createServer, type Server, type Socket } from 'node:net';
import { listenInFront } from './tcp-proxy.js';

const HANDSHAKE = new Set(['CLIENT', 'SELECT', 'AUTH']);

/**
 * Redis just restarted with persistence, in front of the real one: it takes connections and the commands of a
 * client's handshake (CLIENT, SELECT, AUTH: allowed while loading, as in Redis), and answers every other command
 * LOADING until `loaded()`; from then on it passes everything through.
 */
export class LoadingRedis {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private loading = true;
  private frozen = false;
  /** Commands answered LOADING. */
  refused = 0;
  /** Client connections closed so far. */
  closed = 0;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.serve(client));
  }

  async start(targetUrl: string): Promise<string> {
    const url = new URL(targetUrl);
    // The handshake is answered here while loading and never reaches the real server: it must need none.
    if (url.password || url.username || !/^\/?0?$/.test(url.pathname))
      throw new Error(`LoadingRedis: ${url.origin} with a user, password or database needs a handshake this fake does not pass on`);
    return listenInFront(this.server, targetUrl);
  }

  loaded(): void {
    this.loading = false;
  }

  /** It stops answering anything (frozen while loading), connections left open. */
  freeze(): void {
    this.frozen = true;
  }

  /** It crashes: every connection is dropped (it takes new ones, still loading). */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private serve(client: Socket): void {
    const upstream = connect(this.target);
    let pending = Buffer.alloc(0);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
    }
    client.on('close', () => {
      this.closed++;
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      if (this.frozen) return;
      pending = Buffer.concat([pending, chunk]);
      for (let command = nextCommand(pending); command; command = nextCommand(pending)) {
        pending = pending.subarray(command.bytes);
        if (!this.loading) upstream.write(command.raw);
        else if (HANDSHAKE.has(command.name)) client.write('+OK\r\n');
        else {
          this.refused++;
          client.write('-LOADING Redis is loading the dataset in memory\r\n');
        }
      }
    });
  }
}

/** The first whole command in a client's RESP stream (an array of bulk strings), or undefined until it has come. */
function nextCommand(buffer: Buffer): { name: string; bytes: number; raw: Buffer } | undefined {
  const line = (from: number) => {
    const end = buffer.indexOf('\r\n', from);
    return end < 0 ? undefined : { text: buffer.toString('latin1', from, end), next: end + 2 };
  };
  const head = line(0);
  if (!head) return undefined;
  if (!head.text.startsWith('*')) return { name: '', bytes: buffer.length, raw: buffer }; // not a command: passed on as it is
  let at = head.next;
  let name = '';
  for (let i = 0; i < Number(head.text.slice(1)); i++) {
    const size = line(at);
    if (!size) return undefined;
    const end = size.next + Number(size.text.slice(1));
    if (buffer.length < end + 2) return undefined;
    if (i === 0) name = buffer.toString('latin1', size.next, end).toUpperCase();
    at = end + 2;
  }
  return { name, bytes: at, raw: buffer.subarray(0, at) };
}
