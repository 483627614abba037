import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cleanEnv, REPO_ROOT } from './shell-process.js';

/**
 * The real Backprop process, started as a service manager would (node with tsx's loader, one process, so that
 * a SIGKILL kills Backprop itself), with its log lines collected.
 */
export class BackpropProcess {
  readonly child: ChildProcessWithoutNullStreams;
  logs = '';
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: REPO_ROOT, env: cleanEnv({ LOG_LEVEL: 'info', ...env }) });
    this.child.stdout.on('data', (c: Buffer) => (this.logs += c.toString()));
    this.child.stderr.on('data', (c: Buffer) => (this.logs += c.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  async waitForLog(text: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.logs.includes(text)) {
      if (this.child.exitCode !== null) throw new Error(`process exited (${this.child.exitCode}) before logging "${text}":\n${this.logs}`);
      if (Date.now() > deadline) throw new Error(`no "${text}" in the log within ${timeoutMs} ms:\n${this.logs}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}
