import { PassThrough } from 'node:stream';
import { ShellAdapter } from '../../src/adapters/shell/shell.js';
import type { Dispatcher } from '../../src/app/dispatcher.js';

/** The shell adapter in this process, typed at through a stream: send a line, get what it printed. */
export class ShellDriver {
  readonly adapter: ShellAdapter;
  private readonly input = new PassThrough();
  private readonly output = new PassThrough();
  private out = '';

  constructor(user = 'you', options: { picturesDir?: string } = {}) {
    this.adapter = new ShellAdapter({ input: this.input, output: this.output, user, ...options });
    this.output.on('data', (c: Buffer) => (this.out += c.toString()));
  }

  async start(dispatcher: Dispatcher): Promise<void> {
    await this.adapter.start(dispatcher);
    await this.settle();
  }

  get transcript(): string {
    return this.out;
  }

  /** Sends a line and returns what was printed until the next prompt. */
  async send(line: string): Promise<string> {
    const from = this.out.length;
    this.input.write(`${line}\n`);
    await this.settle(from);
    return this.out.slice(from);
  }

  /** Sends a line that ends the session ("exit"): returns what was printed until it ended. */
  async sendLast(line: string): Promise<string> {
    const from = this.out.length;
    this.input.write(`${line}\n`);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the session did not end; output:\n${this.out.slice(from)}`)), 5000);
    });
    await Promise.race([this.adapter.done, late]).finally(() => clearTimeout(timer));
    return this.out.slice(from);
  }

  /** The newest printed version of message #n: its text lines and its clickable buttons. */
  shown(n: string): { text: string; buttons: string[] } {
    const blocks = [...this.out.matchAll(/┌─ #(\d+) [^\n]*\n([\s\S]*?)└─/g)].filter((m) => m[1] === n);
    const body = blocks.at(-1)?.[2] ?? '';
    const lines = body.split('\n').map((l) => l.replace(/^│ ?/, ''));
    const isButtons = (l: string) => /^\[[^\]]+\]( \[[^\]]+\])*( \(closed\))?$/.test(l);
    const buttonLine = lines.find(isButtons) ?? '';
    // "(closed)" follows the last row of buttons only.
    const closed = lines.some((l) => isButtons(l) && l.endsWith('(closed)'));
    return {
      text: lines.filter((l) => l !== buttonLine).join('\n'),
      buttons: closed ? [] : [...buttonLine.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!),
    };
  }

  async stop(): Promise<void> {
    this.input.end();
    await this.adapter.done;
  }

  private async settle(from = 0): Promise<void> {
    const deadline = Date.now() + 5000;
    // The prompt: the member's name (in any script) and "> ".
    while (!/\S> $/.test(this.out.slice(from)) || this.out.length === from) {
      if (Date.now() > deadline) throw new Error(`shell did not prompt again; output:\n${this.out.slice(from)}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
}
