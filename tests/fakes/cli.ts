import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, REPO_ROOT } from './shell-process.js';

const run = promisify(execFile);

/**
 * One of package.json's store commands (`tsx src/cli/<name>.ts`), run on the compiled dist/ that the test run built
 * (tests/global-setup.ts): the same source, without npm's and tsx's start-up (about 1.5 s a run on a 2-core machine,
 * which the many refusal cases multiplied into minutes of the suite). Each command keeps one test through the real
 * `npm run`, which proves the script itself.
 */
export function cli(name: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const source = pkg.scripts[name]?.match(/^tsx (src\/cli\/[\w-]+)\.ts$/)?.[1];
  if (!source) throw new Error(`package.json's "${name}" script is not "tsx src/cli/<name>.ts": ${pkg.scripts[name]}`);
  return run(process.execPath, [join(REPO_ROOT, 'dist', `${source.slice('src/'.length)}.js`), ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(env),
  });
}
