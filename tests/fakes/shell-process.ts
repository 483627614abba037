import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Environment for a child Backprop: no platform tokens, whatever the developer's shell has set. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // ENV_FILE names an empty file, so a developer's .env cannot leak tokens into the test.
  const env: NodeJS.ProcessEnv = { ...process.env, ENV_FILE: '/dev/null' };
  for (const key of Object.keys(env)) {
    if (/^(DISCORD|SLACK)_/.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

const PROMPT = /(?:^|\n)[A-Za-z0-9_.-]{1,32}> /g;

/**
 * The real `npm start`, driven like a person at the terminal: send a line, wait for the next prompt, read what
 * was printed in between.
 */
export class ShellProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private out = '';
  private err = '';
  private prompts = 0;
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    // Its own process group, so that kill() takes npm and the node process it runs.
    this.child = spawn('npm', ['start', '--silent'], { cwd: REPO_ROOT, env: cleanEnv(env), detached: true });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.out += chunk;
      this.prompts = this.out.match(PROMPT)?.length ?? 0;
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.err += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get stderr() {
    return this.err;
  }

  get transcript() {
    return this.out;
  }

  /** Waits for the n-th prompt (1 = the one after start-up). */
  private async prompt(n: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.prompts < n) {
      if (Date.now() > deadline) throw new Error(`no prompt ${n} within ${timeoutMs} ms.\nstdout:\n${this.out}\nstderr:\n${this.err}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async ready(): Promise<void> {
    await this.prompt(1, 30_000);
  }

  /** Sends one line and returns everything printed in reply (up to the next prompt). */
  async send(line: string): Promise<string> {
    const before = this.prompts;
    const start = this.out.length;
    this.child.stdin.write(`${line}\n`);
    await this.prompt(before + 1);
    const text = this.out.slice(start);
    return text.slice(0, text.search(/[A-Za-z0-9_.-]{1,32}> $/));
  }

  async exit(): Promise<number | null> {
    this.child.stdin.write('exit\n');
    this.child.stdin.end();
    return this.exited;
  }

  /** A signal to npm alone, as a service manager or a terminal's Ctrl-C would send it. */
  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
