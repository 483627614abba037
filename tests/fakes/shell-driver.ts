import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { MessengerRouter } from '../../src/adapters/router.js';
import { ShellAdapter } from '../../src/adapters/shell/shell.js';
import type { Dispatcher } from '../../src/app/dispatcher.js';
import { createRig, type TestRig } from './engine.js';

/** The lines a member types for quiz suggest, field after field (the three wrong answers one per line). */
export const TYPED_SUGGESTION = [
  'Our stack',
  'Which queue carries our nightly evaluation jobs?',
  'The batch queue',
  'The interactive queue',
  'The GPU debug queue',
  'The CPU-only queue',
  'Nightly evaluations run for hours, so they go to the batch queue. The other queues are for short jobs.',
];

/** An engine whose messages go to the shell, and a driver typing at it; pictures go to a folder of its own. */
export async function startShellRig(options: Omit<Parameters<typeof createRig>[0] & object, 'messenger'> = {}) {
  const router = new MessengerRouter();
  const rig: TestRig = createRig({ ...options, messenger: router });
  const shell = new ShellDriver('you', { picturesDir: mkdtempSync(join(tmpdir(), 'bp-shell-')) });
  router.register('shell', shell.adapter);
  await shell.start(rig.dispatcher);
  return { rig, shell };
}

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
