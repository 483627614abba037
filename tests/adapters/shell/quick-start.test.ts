import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type ShellDriver, startShellRig } from '../../fakes/shell-driver.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The README's terminal session, line by line: each typed command (its comment after two spaces left out). */
function quickStart(): string[] {
  const block = /## Quick start[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('no text block under "Quick start" in the README');
  return block
    .split('\n')
    .map((l) => /^\S+> (.*?)(?:\s{2,}.*)?$/.exec(l)?.[1]?.trim())
    .filter((c): c is string => c !== undefined && c !== 'exit');
}

describe('the README’s quick start, typed as written', () => {
  let shell: ShellDriver | undefined;
  afterEach(() => shell?.stop());

  it('every line does what its comment says, with no refusal or unknown command', async () => {
    ({ shell } = await startShellRig({ pack: 'deep-learning' }));
    const typed = quickStart();
    expect(typed.length).toBeGreaterThan(10);
    const outputs: string[] = [];
    for (const line of typed) outputs.push(await shell.send(line));
    for (const [i, out] of outputs.entries()) {
      expect(out, typed[i]).not.toMatch(/Only quiz admins|Unknown command|went wrong|not a .* command|⚠️/);
    }
    expect(outputs[typed.indexOf('quiz leaderboard channels')]).toContain('#berlin');
  });
});
