import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { openStore } from '../src/store/open.js';
import { buildDist, startArgs } from '../tests/fakes/backprop-process.js';
import { FakeDiscord } from '../tests/fakes/discord/server.js';
import { createRig } from '../tests/fakes/engine.js';
import { cleanEnv, REPO_ROOT } from '../tests/fakes/shell-process.js';

export interface FootprintResult {
  teams: number;
  readySeconds: number;
  rssMb: number;
  heapUsedMb: number;
}

/**
 * Start-up time to ready, and resident memory once ready, of the real process (as `npm start` runs it) on SQLite
 * with N Discord teams configured, each a server on the fake Discord that sends all N at start-up, as Discord
 * does, so discord.js's own caches are in the figure.
 */
export async function benchFootprint(teams: number): Promise<FootprintResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bp-bench-'));
  const storeUrl = `sqlite://${join(dir, 'backprop.sqlite')}`;
  const store = await openStore(storeUrl);
  const rig = createRig({ store, pack: 'deep-learning' });
  const fake = await new FakeDiscord().start();
  // Not due today (their one weekday is tomorrow), so start-up measures loading, not posting.
  const tomorrow = DateTime.utc().plus({ days: 1 }).weekday;
  for (let i = 0; i < teams; i++) {
    const guild = fake.addGuild(`Team ${i}`);
    await rig.engine.teams.update({ platform: 'discord', teamId: guild.id }, (c) => ({
      ...c,
      channelId: guild.channels[0],
      weekdays: [tomorrow],
    }));
  }
  await store.close();
  // What an operator's `npm start` runs, after its prestart build.
  buildDist();
  const args = startArgs();
  // A preloaded one-liner reports the heap on request; it changes nothing else.
  const probe = join(dir, 'probe.cjs');
  writeFileSync(probe, "process.on('SIGUSR2', () => process.stderr.write('HEAP ' + process.memoryUsage().heapUsed + '\\n'));\n");
  const started = performance.now();
  const child = spawn(process.execPath, ['-r', probe, ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv({
      STORE_URL: storeUrl,
      DISCORD_TOKEN: 'bench',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'info',
    }),
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('"msg":"ready"')) {
        clearInterval(check);
        resolve();
      }
    }, 5);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  });
  const readySeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500)); // settled, as it would be a moment after start-up
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  child.kill('SIGUSR2');
  while (!/HEAP \d+/.test(err)) await new Promise((r) => setTimeout(r, 10));
  const heapUsed = Number(/HEAP (\d+)/.exec(err)![1]);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  await fake.stop();
  return { teams, readySeconds, rssMb: rssKb / 1024, heapUsedMb: heapUsed / 2 ** 20 };
}
