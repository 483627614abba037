import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { createRig, member, onlyChannel, rightLetter, TEAM } from '../fakes/engine.js';
import { played, view } from '../fakes/played.js';
import { cleanEnv, REPO_ROOT } from '../fakes/shell-process.js';
import { allRecords } from '../fakes/stores.js';

const run = promisify(execFile);
const backup = (args: string[]) => run('npm', ['run', '--silent', 'backup-store', '--', ...args], { cwd: REPO_ROOT, env: cleanEnv({}) });

describe('npm run backup-store (SQLite, online)', () => {
  it('copies the store while it is open, write-ahead log included; the copy reads the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-backup-'));
    const url = `sqlite://${join(dir, 'live.sqlite')}`;
    const live = await openStore(url);
    try {
      const rig = await played(live);
      // The latest answer is still in the write-ahead log (no checkpoint yet): a plain file copy could miss it.
      const { daily } = (await rig.engine.dailies.post(TEAM, await onlyChannel(rig.engine, TEAM), { extra: true }))!;
      await rig.engine.dailies.answer(member('dee'), daily.id, rightLetter(daily.order));
      expect(existsSync(join(dir, 'live.sqlite-wal'))).toBe(true);

      const target = join(dir, 'copy.sqlite');
      const { stdout } = await backup(['--from', url, '--to', target]);
      expect(stdout).toMatch(/^Backed up .*live\.sqlite to .*copy\.sqlite \(\d+ pages, integrity ok\)\.$/m);

      const copy = await openStore(`sqlite://${target}`);
      try {
        expect(await allRecords(copy)).toEqual(await allRecords(live));
        expect(await view(copy)).toEqual(await view(live));
        expect((await createRig({ store: copy }).engine.dailies.answerOf(member('dee'), daily.id))?.correct).toBe(true);
      } finally {
        await copy.close();
      }
    } finally {
      await live.close();
    }
  });

  it('names what is wrong: a missing option, a store it cannot back up, a target that exists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-backup-'));
    const url = `sqlite://${join(dir, 'live.sqlite')}`;
    await (await openStore(url)).close();
    const fail = (args: string[]) =>
      backup(args).then(
        () => 'succeeded',
        (e: { stderr: string }) => e.stderr,
      );
    expect(await fail(['--to', join(dir, 'x.sqlite')])).toContain('--from is required');
    expect(await fail(['--from', 'redis://127.0.0.1:6379', '--to', join(dir, 'x.sqlite')])).toContain(
      'back up Redis with its own snapshots',
    );
    expect(await fail(['--from', `sqlite://${join(dir, 'nope.sqlite')}`, '--to', join(dir, 'x.sqlite')])).toMatch(
      /--from: .*nope\.sqlite does not exist/,
    );
    expect(await fail(['--from', url, '--to', join(dir, 'live.sqlite')])).toMatch(/--to: .*live\.sqlite already exists/);
  });
});
