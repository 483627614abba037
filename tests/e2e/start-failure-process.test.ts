import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackpropProcess } from '../fakes/backprop-process.js';

/** Runs the real process (npm start's dist/) and returns its exit code and all it printed. */
async function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const p = new BackpropProcess({ STORE_URL: 'memory://', ...env });
  p.child.stdin.end();
  const code = await p.exited;
  return { code, output: p.logs };
}

describe('npm start refuses a mistaken setting in one line that names it (no stack trace)', () => {
  it('a store it cannot open', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-start-'));
    writeFileSync(join(dir, 'plain'), 'a file');
    writeFileSync(join(dir, 'text.sqlite'), 'not a database, only a few words of text that fill more than a header');
    mkdirSync(join(dir, 'folder.sqlite'));
    const cases: [Record<string, string>, RegExp][] = [
      [
        { STORE_URL: `sqlite://${dir}/plain/x.sqlite` },
        /^backprop: STORE_URL: cannot open the SQLite file .*\/plain\/x\.sqlite: .*\/plain is a file, not a folder$/,
      ],
      [
        { STORE_URL: `sqlite://${dir}/folder.sqlite` },
        /^backprop: STORE_URL: cannot open the SQLite file .*folder\.sqlite: it is a folder/,
      ],
      [
        { STORE_URL: `sqlite://${dir}/text.sqlite` },
        /^backprop: STORE_URL: cannot open the SQLite file .*text\.sqlite \(file is not a database\)$/,
      ],
      [{ STORE_URL: 'sqlite://' }, /^backprop: STORE_URL: sqlite:\/\/ names no file/],
      [
        { STORE_URL: 'redis://:pw@127.0.0.1:6379/abc' },
        /^backprop: STORE_URL: the database in redis:\/\/:\*\*\*@127\.0\.0\.1:6379\/abc must be a number/,
      ],
    ];
    await expectRefusals(cases);
  });

  it('a default pack that is not in the packs, a pack directory that is not there, an environment file that is a folder', {
    timeout: 60_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-start-'));
    await expectRefusals([
      [
        { DEFAULT_PACK: 'nope' },
        /^backprop: invalid configuration:\n {2}- DEFAULT_PACK: "nope" is not a pack in data\/packs \(deep-learning\)$/,
      ],
      [
        { PACKS_DIR: '/nonexistent' },
        /^backprop: invalid configuration:\n {2}- PACKS_DIR: cannot read the question pack directory \/nonexistent: ENOENT/,
      ],
      [{ ENV_FILE: dir }, /^backprop: invalid configuration:\n {2}- ENV_FILE: .* is a folder, not an environment file$/],
      [{ ENV_FILE: join(dir, 'prod.env') }, /^backprop: invalid configuration:\n {2}- ENV_FILE: .*prod\.env does not exist$/],
    ]);
  });
});

/** Starts one process per case at once; each exits 1 having printed its one message and nothing else. */
async function expectRefusals(cases: [Record<string, string>, RegExp][]): Promise<void> {
  const results = await Promise.all(cases.map(([env]) => start(env)));
  for (const [i, { code, output }] of results.entries()) {
    const [env, expected] = cases[i]!;
    expect(code, JSON.stringify(env)).toBe(1);
    expect(output.trim(), JSON.stringify(env)).toMatch(expected);
    expect(output.trim().split('\n').length, `the message alone: ${output}`).toBe(expected.source.split('\\n').length);
    expect(output, 'no stack trace').not.toMatch(/^\s+at /m);
  }
}
