import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cleanEnv, REPO_ROOT } from '../fakes/shell-process.js';

const run = promisify(execFile);

/** npm run check-bank with these arguments: its exit code and what it printed. */
async function checkBank(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return run('npm', ['run', '--silent', 'check-bank', '--', ...args], { cwd: REPO_ROOT, env: cleanEnv(env) }).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );
}

describe('npm run check-bank', () => {
  it('lists every problem of a pack file, not only the first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-check-'));
    const question = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      topic: 'alpha',
      difficulty: 1,
      prompt: `What is ${id}?`,
      answer: 'The right one',
      distractors: ['Wrong a', 'Wrong b', 'Wrong c'],
      explanation: 'This is why. It is short.',
      ...extra,
    });
    const questions = [question('q-one'), question('q-two', { distractors: ['Only one'] }), question('q-three', { topic: 'nowhere' })];
    writeFileSync(join(dir, 'mine.yaml'), JSON.stringify({ id: 'mine', name: 'Mine', topics: { alpha: 'Alpha' }, questions }, null, 2));
    const { code, out } = await checkBank([], { PACKS_DIR: dir });
    expect(code).toBe(1);
    expect(out).toMatch(/^✗ .*mine\.yaml:\d+: question "q-two": field distractors/m);
    expect(out).toMatch(/^✗ .*mine\.yaml:\d+: question "q-three": field topic/m);
  });

  it('refuses a topic no pack has and an option it does not have, instead of "no problems"', async () => {
    const topic = await checkBank(['nosuchtopic']);
    expect(topic.code).toBe(2);
    expect(topic.out).toMatch(/^check-bank: no topic "nosuchtopic" in .*data\/packs \(topics: .*\bcnn\b.*\)$/m);
    expect(topic.out).not.toContain('no problems');
    const option = await checkBank(['--bogus']);
    expect(option.code).toBe(2);
    expect(option.out).toMatch(/^check-bank: unknown option --bogus: the only arguments are topics$/m);
  });

  it('a topic whose pack is broken: the pack’s problems come first, then the refusal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-check-'));
    writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nname: [unclosed\ntopics: {beta: Beta}\n');
    const { code, out } = await checkBank(['beta'], { PACKS_DIR: dir });
    expect(code).toBe(2);
    expect(out).toMatch(/^✗ .*broken\.yaml:\d*:? ?.*not valid YAML/m);
    expect(out).toMatch(/^check-bank: no topic "beta"/m);
  });

  it('checks a topic that exists', async () => {
    const { code, out } = await checkBank(['cnn']);
    expect(code).toBe(0);
    expect(out).toMatch(/^✓ no problems$/m);
  });
});
