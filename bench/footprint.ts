import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { openStore } from '../src/store/open.js';
import { createRig } from '../tests/fakes/engine.js';
import { FakeDiscord, snowflake } from '../tests/fakes/discord/server.js';
import { cleanEnv, REPO_ROOT } from '../tests/fakes/shell-process.js';

export interface FootprintResult {
  teams: number;
  readySeconds: number;
  rssMb: number;
}

/** Start-up time to ready, and resident memory once ready, of the real process with N teams configured. */
export async function benchFootprint(teams: number): Promise<FootprintResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bp-bench-'));
  const storeUrl = `sqlite://${join(dir, 'backprop.sqlite')}`;
  const store = await openStore(storeUrl);
  const rig = createRig({ store, pack: 'deep-learning' });
  // Not due today (their one weekday is tomorrow), so start-up measures loading, not posting.
  const tomorrow = DateTime.utc().plus({ days: 1 }).weekday;
  for (let i = 0; i < teams; i++) {
    await rig.engine.teams.update({ platform: 'discord', teamId: snowflake() }, (c) => ({ ...c, channelId: snowflake(), weekdays: [tomorrow] }));
  }
  await store.close();
  const fake = await new FakeDiscord().start();
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: REPO_ROOT,
    env: cleanEnv({ STORE_URL: storeUrl, DISCORD_TOKEN: 'bench', DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' }),
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('"msg":"ready"')) {
        clearInterval(check);
        resolve();
      }
    }, 5);
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  const readySeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500)); // let start-up garbage be collected as it would be
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  await fake.stop();
  return { teams, readySeconds, rssMb: rssKb / 1024 };
}
