import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { keys } from '../../src/core/shared/keys.js';
import { encodeDoc } from '../../src/store/doc-codec.js';
import { BackpropProcess } from '../fakes/backprop-process.js';
import { FakeDiscord, snowflake } from '../fakes/discord/server.js';
import { setUpTeams } from '../fakes/process-teams.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';

const space = scratch('bp_leases');

/** Issue 21's findings, driven through the real process (npm start's dist/) against the fake Discord. */
describe('the real process and damaged data', () => {
  let fake: FakeDiscord;
  const processes: BackpropProcess[] = [];
  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null) await p.kill();
    await fake?.stop();
  });
  afterAll(() => space.cleanUp());

  it('corrupt daily settings stop only those dailies, corrupt team settings none: the other dailies go out', {
    timeout: 60_000,
  }, async () => {
    fake = await new FakeDiscord().start();
    // Guild ids grow, and the index is read in key order: the broken teams come before the healthy one.
    const guilds = [fake.addGuild('Broken JSON'), fake.addGuild('On Mars'), fake.addGuild('Null team'), fake.addGuild('Healthy')];
    const file = join(mkdtempSync(join(tmpdir(), 'bp-corrupt-')), 'b.sqlite');
    const teams = await setUpTeams(`sqlite://${file}`, guilds);
    // Two daily channels' settings broken (not JSON; a timezone on Mars), and one team's own settings (null).
    const broken = [
      { key: keys.dailyChannel(teams[0]!.team, teams[0]!.channel), text: '{"value": {"v": 1, "channelId": ' },
      {
        key: keys.dailyChannel(teams[1]!.team, teams[1]!.channel),
        text: encodeDoc({
          v: 1,
          channelId: teams[1]!.channel,
          time: '00:00',
          timezone: 'Mars/Olympus',
          paused: false,
          pack: 'deep-learning',
          createdAt: 1,
          updatedAt: 1,
        }),
      },
      { key: keys.teamConfig(teams[2]!.team), text: encodeDoc(null) },
    ];
    const db = new Database(file);
    for (const { key, text } of broken) db.prepare('UPDATE kv SET value = ? WHERE key = ?').run(text, key);
    db.close();

    const p = new BackpropProcess({
      STORE_URL: `sqlite://${file}`,
      INSTANCE_ID: 'host-1',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    });
    processes.push(p);
    await fake.waitFor(() => fake.channelMessages.some((m) => m.channelId === teams[3]!.channel), 'the healthy team’s daily', 30_000);
    await p.waitForLog('"msg":"ready"');
    // The team with broken team settings still has its daily channel, intact: its daily goes out too.
    await fake.waitFor(() => fake.channelMessages.some((m) => m.channelId === teams[2]!.channel), 'the daily of the team', 30_000);
    expect(fake.channelMessages.map((m) => m.channelId).sort()).toEqual([teams[2]!.channel, teams[3]!.channel].sort());
    // Each broken record is logged once, at error level, with its key; and left exactly as it was.
    for (const { key } of broken) {
      const lines = p.logs.split('\n').filter((l) => l.includes('a stored record is corrupt') && l.includes(key));
      expect(lines, key).toHaveLength(1);
      expect(lines[0]).toContain('"level":50');
    }
    const check = new Database(file, { readonly: true });
    for (const { key, text } of broken) {
      const stored = check.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?').get(key);
      expect(stored?.value).toBe(text);
    }
    check.close();

    // An admin of a team with a broken daily is told, and setup there repairs it: its confirmation goes to the channel.
    const boss = { id: snowflake(), username: 'boss', permissions: '32' }; // Manage Server
    const [guild] = guilds;
    const show = fake.command(guild!.id, guild!.channels[0]!, boss, 'quiz-admin', 'show');
    const told = await fake.waitFor(() => fake.answerTo(show), 'the reply to show');
    expect(JSON.stringify(told.body)).toContain('could not be read, so its daily has stopped');
    const setup = fake.command(guild!.id, guild!.channels[0]!, boss, 'quiz-admin', 'setup', { time: '00:00' });
    await fake.waitFor(() => fake.repliesTo(setup)[0], 'the reply to setup');
    await fake.waitFor(() => fake.channelMessages.some((m) => m.channelId === guild!.channels[0]), 'the repaired team’s setup post');
    // The team whose own settings were broken is told too.
    const other = fake.command(guilds[2]!.id, guilds[2]!.channels[0]!, boss, 'quiz-admin', 'show');
    expect(JSON.stringify((await fake.waitFor(() => fake.answerTo(other), 'the reply to show')).body)).toContain(
      "This team's settings could not be read",
    );
  });

  it('a member with a hostile nickname: the round scoreboard and stats show it as text, never as a mention or link', {
    timeout: 60_000,
  }, async () => {
    fake = await new FakeDiscord().start();
    const guild = fake.addGuild('Hostile');
    const file = join(mkdtempSync(join(tmpdir(), 'bp-hostile-')), 'b.sqlite');
    const p = new BackpropProcess({
      STORE_URL: `sqlite://${file}`,
      INSTANCE_ID: 'host-1',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    });
    processes.push(p);
    await p.waitForLog('"msg":"ready"');
    const evil = { id: snowflake(), username: 'evil', nick: `Evil\u202E<@&${guild.id}>[x](https://evil.example)\n@everyone` };
    const round = fake.command(guild.id, guild.channels[0]!, evil, 'quiz', 'round', { questions: 3, seconds: 10 });
    await fake.waitFor(() => fake.repliesTo(round)[0], 'the round to start');
    const question = await fake.waitFor(
      () => fake.channelMessages.find((m) => JSON.stringify(m.body).includes('round:answer:')),
      'a round question',
    );
    const clicks = question.body.components[0].components.map((button: { custom_id: string }) =>
      fake.click(guild.id, evil, question, button.custom_id),
    );
    // The answer is in (its reply came back) before the round is stopped: otherwise stopping may come first.
    await fake.waitFor(() => clicks.every((token: string) => fake.repliesTo(token)[0]) || undefined, 'the answers’ replies');
    const stop = fake.command(guild.id, guild.channels[0]!, evil, 'quiz', 'stop-round');
    await fake.waitFor(() => fake.repliesTo(stop)[0], 'the round to stop');
    const scoreboard = await fake.waitFor(
      () => fake.channelMessages.find((m) => JSON.stringify(m.body).includes('Round over')),
      'the scoreboard',
    );
    const stats = fake.command(guild.id, guild.channels[0]!, { id: snowflake(), username: 'bob' }, 'quiz', 'stats', { member: evil.id });
    const reply = await fake.waitFor(() => fake.answerTo(stats), 'the stats');
    for (const body of [scoreboard.body, reply.body]) {
      const embed = (body.embeds ?? body.data?.embeds ?? [])[0];
      const text = `${embed.title}\n${embed.description}`;
      expect(text).toContain('Evil');
      expect(text).not.toMatch(/<@&\d/);
      expect(text).not.toMatch(/(?<!\\)\[[^\]]*\]\(https?:[^)\s]*\)/);
      expect(text).not.toMatch(/@(everyone|here)/);
      expect(text).not.toContain('\u202E');
    }
  });

  it('gateway drops are logged with how long they lasted: a resume, and a fresh identify when the session is gone', {
    timeout: 90_000,
  }, async () => {
    fake = await new FakeDiscord().start();
    fake.addGuild('Steady');
    const p = new BackpropProcess({
      STORE_URL: 'memory://',
      INSTANCE_ID: 'host-1',
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    });
    processes.push(p);
    await p.waitForLog('"msg":"ready"');
    fake.dropGateway(4000);
    await p.waitForLog('discord gateway resumed', 60_000);
    expect(p.logs).toContain('discord gateway connection lost; reconnecting');
    expect(p.logs).toMatch(/"durationMs":\d+[^\n]*discord gateway resumed/);
    fake.refuseResume = true;
    fake.dropGateway(4000);
    await p.waitForLog('discord gateway identified again', 60_000);
    expect(p.logs).toMatch(/"durationMs":\d+[^\n]*discord gateway identified again/);
  });

  const canMount = (() => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-mount-probe-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
      execFileSync('umount', [dir], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  // A full disk and a read-only one need a small filesystem of their own: a tmpfs, which needs the right to mount.
  it.skipIf(!canMount)(
    'a full disk: members hear "try again shortly", one warning, and it recovers by itself',
    { timeout: 90_000 },
    async () => {
      fake = await new FakeDiscord().start();
      const guild = fake.addGuild('Disk');
      const dir = mkdtempSync(join(tmpdir(), 'bp-disk-'));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
      try {
        const p = new BackpropProcess({
          STORE_URL: `sqlite://${join(dir, 'b.sqlite')}`,
          INSTANCE_ID: 'host-1',
          DISCORD_TOKEN: 'fake-token',
          DISCORD_APPLICATION_ID: fake.applicationId,
          DISCORD_API_URL: fake.apiUrl,
        });
        processes.push(p);
        await p.waitForLog('"msg":"ready"');
        const ask = async () => {
          const id = fake.command(guild.id, guild.channels[0]!, { id: snowflake(), username: 'ann' }, 'quiz', 'start', { count: 1 });
          return JSON.stringify((await fake.waitFor(() => fake.answerTo(id), 'a reply')).body);
        };
        expect(await ask()).toContain('Practice');

        // Fill the filesystem to the last byte.
        const filler = join(dir, 'filler');
        const chunk = Buffer.alloc(64 * 1024, 1);
        try {
          for (;;) appendFileSync(filler, chunk);
        } catch {}
        try {
          for (;;) appendFileSync(filler, Buffer.alloc(512, 1));
        } catch {}
        const full = await Promise.all(Array.from({ length: 8 }, () => ask()));
        for (const reply of full) expect(reply).toContain('cannot reach its storage right now');
        const warnings = p.logs.split('\n').filter((l) => l.includes('store unavailable'));
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain('"level":40');
        expect(p.logs).not.toContain('"level":50');

        // Room again: the next member is served, no restart; the probe says the store is back.
        rmSync(filler);
        expect(await ask()).toContain('Practice');
        await p.waitForLog('store available again', 30_000);

        expect(p.logs).not.toContain('"level":50');
        await p.kill('SIGTERM');
      } finally {
        execFileSync('umount', ['-l', dir]);
      }
    },
  );

  const discordProcess = (storeUrl: string, instance: string) => {
    const p = new BackpropProcess({
      STORE_URL: storeUrl,
      INSTANCE_ID: instance,
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
    });
    processes.push(p);
    return p;
  };

  it('a second process on the same SQLite file stops at once, naming the one that has it', { timeout: 60_000 }, async () => {
    fake = await new FakeDiscord().start();
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-two-')), 'b.sqlite')}`;
    const first = discordProcess(storeUrl, 'host-1');
    await first.waitForLog('"msg":"ready"');
    const second = discordProcess(storeUrl, 'host-2');
    expect(await second.exited).toBe(1);
    expect(second.logs).toContain('STORE_URL: the SQLite file is in use by another Backprop process, instance host-1');
    expect(fake.connectedBots).toBe(1);
  });

  for (const [name, url] of [
    ['Redis', REDIS_URL && space.redisUrl()],
    ['PostgreSQL', POSTGRES_URL && space.postgresUrl()],
  ] as const) {
    it.skipIf(!url)(
      `two processes on ${name}: one serves, one stands by and takes over after a SIGKILL; one daily each`,
      { timeout: 90_000 },
      async () => {
        fake = await new FakeDiscord().start();
        const [early, late] = [fake.addGuild('Early'), fake.addGuild('Late')];
        const [first] = await setUpTeams(url!, [early]);
        const a = discordProcess(url!, 'host-a');
        // A whole process start on a busy machine: as long as the other process tests allow for it.
        await fake.waitFor(() => fake.channelMessages.some((m) => m.channelId === first!.channel), 'the first team’s daily', 30_000);
        const b = discordProcess(url!, 'host-b');
        await b.waitForLog('standing by: Discord is served by instance host-a');
        expect(fake.connectedBots).toBe(1);
        // A team set up while A serves (from outside: A only sees it at its next rescan); then A dies.
        const [second] = await setUpTeams(url!, [late]);
        await a.kill('SIGKILL');
        await b.waitForLog('took the lease on Discord', 30_000);
        await fake.waitFor(
          () => fake.channelMessages.some((m) => m.channelId === second!.channel),
          'the second team’s daily, from B',
          30_000,
        );
        await new Promise((r) => setTimeout(r, 1000));
        for (const { channel } of [first!, second!])
          expect(
            fake.channelMessages.filter((m) => m.channelId === channel),
            channel,
          ).toHaveLength(1);
        expect(fake.connectedBots).toBe(1);
      },
    );

    it.skipIf(!url)(
      `a second process with the same INSTANCE_ID on ${name} refuses to start, naming the variable`,
      { timeout: 60_000 },
      async () => {
        fake = await new FakeDiscord().start();
        const a = discordProcess(url!, 'same-name');
        await a.waitForLog('"msg":"ready"');
        const b = discordProcess(url!, 'same-name');
        expect(await b.exited).toBe(1);
        expect(b.logs).toContain('INSTANCE_ID: "same-name" is already running on this store');
      },
    );
  }
});
