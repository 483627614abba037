import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, REPO_ROOT } from './shell-process.js';

/** Compiles src/ into dist/, as `npm start`'s prestart does (tests/global-setup.ts runs it once per test run). */
export function buildDist(root = REPO_ROOT): void {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root });
}

/** The node arguments of package.json's start script: what an operator's `npm start` runs, after the build. */
export function startArgs(root = REPO_ROOT): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = pkg.scripts.start!.replace(/^exec /, '').split(/\s+/);
  if (words[0] !== 'node') throw new Error(`expected package.json's start script to run node, found: ${pkg.scripts.start}`);
  return words.slice(1);
}

/**
 * The real Backprop process, started as a service manager would run `npm start` (node on the compiled dist/,
 * one process, so that a signal reaches Backprop itself and its exit code is Backprop's), its logs collected.
 */
export class BackpropProcess {
  readonly child: ChildProcessWithoutNullStreams;
  logs = '';
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string>, nodeArgs: string[] = []) {
    this.child = spawn(process.execPath, [...nodeArgs, ...startArgs()], { cwd: REPO_ROOT, env: cleanEnv({ LOG_LEVEL: 'info', ...env }) });
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
