import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDist, startArgs } from '../tests/fakes/backprop-process.js';
import { FakeDiscord, snowflake } from '../tests/fakes/discord/server.js';
import { cleanEnv, REPO_ROOT } from '../tests/fakes/shell-process.js';
import { type MemoryMap, memoryMap } from './memory-map.js';

export interface SoakSample {
  minute: number;
  rssMb: number;
  /** The JS heap right after a forced garbage collection: what the program itself keeps. */
  heapAfterGcMb: number;
  /** The JS heap's committed size after that GC: RSS holds it whether or not it is in use. */
  heapTotalMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** RSS by kind of mapping (memory-map.ts): which part of it moves. */
  map: MemoryMap;
  events: number;
}

export interface SoakResult {
  minutes: number;
  warmUpMinutes: number;
  members: number;
  eventsPerSecond: number;
  events: number;
  samples: SoakSample[];
  /**
   * Least-squares slope of RSS after the warm-up, in MB per minute, fitted to a reading every 5 seconds (not only
   * the minute's): the picture worker's memory swings by tens of MB from one moment to the next, and one reading a
   * minute left the slope at the mercy of a few of them.
   */
  rssSlopeMbPerMin: number;
  /** The same fit to the minute readings alone (what earlier runs reported). */
  rssMinuteSlopeMbPerMin: number;
  /** The slope of each kind of mapping's share of RSS (minute readings), to tell which part grows. */
  mapSlopesMbPerMin: Record<keyof MemoryMap, number>;
  /** Slope of the heap after GC (one reading a minute). */
  heapSlopeMbPerMin: number;
}

/** A soak minute's progress line: RSS and what it is made of, the heap, and the events so far. */
export function soakLine(s: SoakSample): string {
  const map = Object.entries(s.map).map(([k, v]) => `${k.replace(/Mb$/, '')} ${v}`);
  return `soak minute ${s.minute}: RSS ${s.rssMb} MB (${map.join(', ')}), heap after GC ${s.heapAfterGcMb} MB (committed ${s.heapTotalMb} MB), external ${s.externalMb} MB, array buffers ${s.arrayBuffersMb} MB, ${s.events} events`;
}

/** Slope of y over x by least squares. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * The real process (as npm start runs it, on SQLite) under steady traffic through the fake Discord for N minutes:
 * 200 members at about 45 events a second — practice quizzes (start, answers, next), answers to the daily (a
 * fresh one every minute), leaderboards and stats. Each minute: RSS, the JS heap after a forced GC, external and
 * array-buffer memory. The slope after the warm-up says whether memory keeps growing.
 */
export async function benchSoak(
  minutes: number,
  onSample: (s: SoakSample) => void = () => undefined,
  /** Another checkout of Backprop to measure (an earlier version, for a before/after); default this one. */
  root = REPO_ROOT,
): Promise<SoakResult> {
  const members = 200;
  const perSecond = 45;
  const warmUpMinutes = Math.min(5, Math.max(1, Math.floor(minutes / 3)));
  const dir = mkdtempSync(join(tmpdir(), 'bp-soak-'));
  const fake = await new FakeDiscord().start();
  const guild = fake.addGuild('Soak');
  const channel = guild.channels[0]!;
  buildDist(root);
  const probe = join(dir, 'probe.cjs');
  writeFileSync(
    probe,
    "process.on('SIGUSR2', () => { global.gc(); process.stderr.write('MEM ' + JSON.stringify(process.memoryUsage()) + '\\n'); });\n",
  );
  const child = spawn(process.execPath, ['--expose-gc', '-r', probe, ...startArgs(root)], {
    cwd: root,
    env: cleanEnv({
      STORE_URL: `sqlite://${join(dir, 'soak.sqlite')}`,
      DISCORD_TOKEN: 'soak',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      LOG_LEVEL: 'warn',
    }),
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout.on('data', () => undefined);
  await fake.waitFor(() => fake.connectedBots > 0 || undefined, 'the bot to connect', 30_000);
  const users = Array.from({ length: members }, (_, i) => ({ id: snowflake(), username: `member${i}`, permissions: i === 0 ? '32' : '0' }));
  const admin = users[0]!;
  const setup = fake.command(guild.id, channel, admin, 'quiz-admin', 'setup', {});
  await fake.waitFor(() => fake.repliesTo(setup)[0], 'setup');

  let events = 0;
  const post = () => fake.command(guild.id, channel, admin, 'quiz-admin', 'post');
  post();
  /** What each member is doing: the private message of their practice quiz, if one is under way. */
  const practice = new Map<string, { token: string; step: number }>();
  const answeredDaily = new Set<string>();
  let daily: { id: string; channelId: string; body: Record<string, any> } | undefined;
  const tick = () => {
    const user = users[Math.floor(Math.random() * members)]!;
    const roll = Math.random();
    events += 1;
    const latest = fake.dailyMessages.at(-1);
    if (latest && latest !== daily) {
      daily = latest;
      answeredDaily.clear();
    }
    if (roll < 0.2 && daily && !answeredDaily.has(user.id)) {
      answeredDaily.add(user.id);
      const button = daily.body.components[0].components[Math.floor(Math.random() * 4)];
      fake.click(guild.id, user, daily, button.custom_id);
    } else if (roll < 0.65) {
      const mine = practice.get(user.id);
      const reply = mine && fake.repliesTo(mine.token).at(-1);
      const buttons = reply?.body?.data?.components?.[0]?.components as { custom_id: string; label: string }[] | undefined;
      if (!buttons) {
        practice.set(user.id, { token: fake.command(guild.id, channel, user, 'quiz', 'start', { count: 5 }), step: 0 });
      } else {
        const message = { id: snowflake(), channelId: channel };
        const pick =
          buttons.find((b) => b.label === 'Next' || b.label === 'Finish') ??
          buttons[Math.floor(Math.random() * Math.min(4, buttons.length))]!;
        const token = fake.click(guild.id, user, message, pick.custom_id);
        if (pick.label === 'Finish') practice.delete(user.id);
        else practice.set(user.id, { token, step: (mine?.step ?? 0) + 1 });
      }
    } else if (roll < 0.85) {
      fake.command(guild.id, channel, user, 'quiz', 'leaderboard', { period: 'week' });
    } else {
      fake.command(guild.id, channel, user, 'quiz', 'stats', {});
    }
  };
  const rssMbNow = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  /** RSS every 5 seconds: (minutes since the start, MB). */
  const readings: { x: number; y: number }[] = [];
  const sample = async (minute: number): Promise<SoakSample> => {
    const rssKb = rssMbNow() * 1024;
    const before = err.length;
    child.kill('SIGUSR2');
    while (!/MEM \{[^\n]*\}\n/.test(err.slice(before))) await new Promise((r) => setTimeout(r, 10));
    const mem = JSON.parse(/MEM (\{[^\n]*\})\n/.exec(err.slice(before))![1]!) as NodeJS.MemoryUsage;
    const mb = (n: number) => Math.round((n / 2 ** 20) * 10) / 10;
    return {
      minute,
      rssMb: mb(rssKb * 1024),
      heapAfterGcMb: mb(mem.heapUsed),
      heapTotalMb: mb(mem.heapTotal),
      externalMb: mb(mem.external),
      arrayBuffersMb: mb(mem.arrayBuffers),
      map: memoryMap(child.pid!),
      events,
    };
  };

  const samples: SoakSample[] = [await sample(0)];
  onSample(samples[0]!);
  const started = Date.now();
  const traffic = setInterval(tick, 1000 / perSecond);
  const daily_ = setInterval(post, 60_000);
  const reading = setInterval(() => readings.push({ x: (Date.now() - started) / 60_000, y: rssMbNow() }), 5000);
  for (let minute = 1; minute <= minutes; minute++) {
    await new Promise((r) => setTimeout(r, started + minute * 60_000 - Date.now()));
    const s = await sample(minute);
    samples.push(s);
    onSample(s);
    // The fake keeps every request it saw: dropped each minute so that the driver stays light.
    fake.forget();
  }
  clearInterval(traffic);
  clearInterval(daily_);
  clearInterval(reading);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  await fake.stop();
  const after = samples.filter((s) => s.minute >= warmUpMinutes);
  return {
    minutes,
    warmUpMinutes,
    members,
    eventsPerSecond: events / ((Date.now() - started) / 1000),
    events,
    samples,
    rssSlopeMbPerMin: slope(readings.filter((r) => r.x >= warmUpMinutes)),
    rssMinuteSlopeMbPerMin: slope(after.map((s) => ({ x: s.minute, y: s.rssMb }))),
    mapSlopesMbPerMin: Object.fromEntries(
      (Object.keys(samples[0]!.map) as (keyof MemoryMap)[]).map((kind) => [
        kind,
        slope(after.map((s) => ({ x: s.minute, y: s.map[kind] }))),
      ]),
    ) as Record<keyof MemoryMap, number>,
    heapSlopeMbPerMin: slope(after.map((s) => ({ x: s.minute, y: s.heapAfterGcMb }))),
  };
}
