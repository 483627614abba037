import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { cli } from '../fakes/cli.js';
import { createRig, member, onlyChannel, rightLetter, TEAM } from '../fakes/engine.js';
import { played, view } from '../fakes/played.js';
import { cleanEnv, REPO_ROOT } from '../fakes/shell-process.js';
import { allRecords } from '../fakes/stores.js';

const run = promisify(execFile);
// The first test runs the real `npm run backup-store`; the refusals run the same compiled command directly.
const npmBackup = (args: string[]) => run('npm', ['run', '--silent', 'backup-store', '--', ...args], { cwd: REPO_ROOT, env: cleanEnv({}) });
const backup = (args: string[]) => cli('backup-store', args);

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
      const { stdout } = await npmBackup(['--from', url, '--to', target]);
      expect(stdout).toMatch(/^Backed up .*live\.sqlite to .*copy\.sqlite \(\d+ pages, integrity ok\)\.$/m);
      // One self-contained file: no empty -wal and -shm beside it.
      expect(readdirSync(dir).filter((f) => f.startsWith('copy'))).toEqual(['copy.sqlite']);

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
    expect(await fail(['--from', 'data/backprop.sqlite', '--to', join(dir, 'x.sqlite')])).toContain(
      '--from: "data/backprop.sqlite" is not a store URL: write the SQLite file as sqlite://data/backprop.sqlite',
    );
    expect(await fail(['--from', 'redis://127.0.0.1:6379', '--to', join(dir, 'x.sqlite')])).toContain(
      'back up Redis with its own snapshots',
    );
    expect(await fail(['--from', `sqlite://${join(dir, 'nope.sqlite')}`, '--to', join(dir, 'x.sqlite')])).toMatch(
      /--from: .*nope\.sqlite does not exist/,
    );
    expect(await fail(['--from', url, '--to', join(dir, 'live.sqlite')])).toMatch(/--to: .*live\.sqlite already exists/);
    expect(await fail(['--from', 'sqlite://', '--to', join(dir, 'x.sqlite')])).toBe(
      'backup-store: --from: sqlite:// names no file (for example sqlite://data/backprop.sqlite)\n',
    );
    expect(await fail(['--from', url, '--to', 'redis://127.0.0.1:6379'])).toBe(
      'backup-store: --to: a backup is an SQLite file: give a path or an sqlite:// URL, not redis://\n',
    );
    writeFileSync(join(dir, 'plain'), 'a file');
    expect(await fail(['--from', `sqlite://${join(dir, 'plain')}`, '--to', join(dir, 'x.sqlite')])).toBe(
      `backup-store: --from: cannot open the SQLite file ${join(dir, 'plain')} (file is not a database)\n`,
    );
    expect(await fail(['--from', `sqlite://${dir}`, '--to', join(dir, 'x.sqlite')])).toBe(
      `backup-store: --from: ${dir} is a folder, not an SQLite file\n`,
    );
    expect(await fail(['--from', url, '--to', join(dir, 'plain', 'x.sqlite')])).toBe(
      `backup-store: --to: cannot open the SQLite file ${join(dir, 'plain', 'x.sqlite')}: ${join(dir, 'plain')} is a file, not a folder\n`,
    );
  });

  it('makes the folders the copy goes in (backups/ in a fresh clone), and takes --to as an sqlite:// URL too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-backup-'));
    const url = `sqlite://${join(dir, 'live.sqlite')}`;
    const live = await openStore(url);
    await live.set('bp:shell:t:config', { time: '09:00' });
    await live.close();
    const folder = join(dir, 'backups', 'daily');
    const { stdout } = await backup(['--from', url, '--to', `sqlite://${join(folder, 'copy.sqlite')}`]);
    expect(stdout).toContain(`to ${join(folder, 'copy.sqlite')} (`);
    expect(readdirSync(folder)).toEqual(['copy.sqlite']);
    const copy = await openStore(`sqlite://${join(folder, 'copy.sqlite')}`);
    expect(await copy.get('bp:shell:t:config')).toEqual({ time: '09:00' });
    await copy.close();
  });
});
