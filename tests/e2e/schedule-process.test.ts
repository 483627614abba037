import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { DailyRecord, DailyState } from '../../src/core/daily/daily-model.js';
import { keys } from '../../src/core/shared/keys.js';
import type { TeamRef } from '../../src/core/shared/refs.js';
import { openStore } from '../../src/store/open.js';
import { BackpropProcess } from '../fakes/backprop-process.js';
import { FakeDiscord, snowflake } from '../fakes/discord/server.js';
import { setUpTeams } from '../fakes/process-teams.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';

const space = scratch('bp_e2e');

describe('the real process and the schedule', () => {
  let fake: FakeDiscord;
  const processes: BackpropProcess[] = [];
  const start = (storeUrl: string, instance: string) => {
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
  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null) await p.kill();
    await fake?.stop();
  });
  afterAll(() => space.cleanUp());

  it('killed after the claim and before the send, then restarted: exactly one post', { timeout: 60_000 }, async () => {
    fake = await new FakeDiscord().start();
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-crash-')), 'b.sqlite')}`;
    const [{ channel }] = (await setUpTeams(storeUrl, 1)) as [{ team: TeamRef; channel: string }];
    // The platform never answers the first post: the process is killed while it waits.
    fake.failNext('POST', new RegExp(`^/channels/${channel}/messages$`), { status: 0 });
    const first = start(storeUrl, 'host-1');
    await fake.waitFor(() => fake.held.length === 1, 'the first attempt to post', 30_000);
    await first.kill('SIGKILL');
    expect(fake.channelMessages).toHaveLength(0);

    const second = start(storeUrl, 'host-1');
    await fake.waitFor(() => fake.channelMessages.length === 1, 'the post after the restart', 30_000);
    await second.waitForLog('"msg":"ready"');
    await new Promise((r) => setTimeout(r, 500));
    expect(fake.channelMessages.filter((m) => m.channelId === channel)).toHaveLength(1);
    expect(second.logs).toContain('sending a daily that was claimed but never sent');
  });

  it('killed after the send and before it was recorded, then restarted: still one message, the first', { timeout: 60_000 }, async () => {
    fake = await new FakeDiscord().start();
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-crash-')), 'b.sqlite')}`;
    const [{ team, channel }] = (await setUpTeams(storeUrl, 1)) as [{ team: TeamRef; channel: string }];
    // Discord makes the message, but its answer never reaches the bot: the process is killed while it waits.
    fake.failNext('POST', new RegExp(`^/channels/${channel}/messages$`), { status: 0, applied: true });
    const first = start(storeUrl, 'host-1');
    await fake.waitFor(() => fake.held.length === 1, 'the first post', 30_000);
    await first.kill('SIGKILL');
    expect(fake.channelMessages).toHaveLength(1);
    const sent = fake.channelMessages[0]!;

    // The restart sends the unrecorded daily again with the same nonce: Discord hands back the first message.
    const second = start(storeUrl, 'host-1');
    await second.waitForLog('sending a daily that was claimed but never sent');
    const store = await openStore(storeUrl);
    try {
      const state = await fake.waitFor(
        async () => (await store.get<DailyState>(keys.dailyState(team, channel)))?.open,
        'the daily recorded as sent',
        30_000,
      );
      expect((await store.get<DailyRecord>(keys.daily(team, state.dailyId)))?.messageId).toBe(sent.id);
    } finally {
      await store.close();
    }
    expect(fake.channelMessages).toHaveLength(1);
    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);
    expect(posts.map((p) => (p.body as { nonce?: string }).nonce)).toEqual([(sent.body as { nonce?: string }).nonce]);
  });

  for (const [name, base] of [
    ['Redis', REDIS_URL && space.redisUrl()],
    ['Postgres', POSTGRES_URL && space.postgresUrl()],
  ] as const) {
    it.skipIf(!base)(`two processes on one ${name} store: every team gets exactly one post`, { timeout: 90_000 }, async () => {
      fake = await new FakeDiscord().start();
      const teams = await setUpTeams(base!, 30);
      const [a, b] = [start(base!, 'host-a'), start(base!, 'host-b')];
      await Promise.all([a.waitForLog('"msg":"ready"'), b.waitForLog('"msg":"ready"')]);
      await fake.waitFor(() => fake.channelMessages.length >= teams.length, 'a post for every team', 30_000);
      await new Promise((r) => setTimeout(r, 1000)); // time for any second post to show up
      for (const { channel } of teams)
        expect(
          fake.channelMessages.filter((m) => m.channelId === channel),
          channel,
        ).toHaveLength(1);
      expect(fake.channelMessages).toHaveLength(teams.length);
    });
  }
});

describe('the real process and live rounds', () => {
  let fake: FakeDiscord;
  const processes: BackpropProcess[] = [];
  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null) await p.kill();
    await fake?.stop();
  });

  it('killed mid-round and restarted: no question stays open, and the scoreboard is posted once', { timeout: 60_000 }, async () => {
    fake = await new FakeDiscord().start();
    const guild = fake.addGuild();
    const storeUrl = `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-round-')), 'b.sqlite')}`;
    const start = () => {
      const p = new BackpropProcess({
        STORE_URL: storeUrl,
        INSTANCE_ID: 'host-1',
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      });
      processes.push(p);
      return p;
    };
    const first = start();
    await first.waitForLog('"msg":"ready"');
    const ann = { id: snowflake(), username: 'ann' };
    fake.command(guild.id, guild.channels[0]!, ann, 'quiz', 'round', { questions: 5, seconds: 60 });
    const question = await fake.waitFor(
      () => fake.channelMessages.find((m) => JSON.stringify(m.body).includes('round:answer:')),
      'the first question',
      15_000,
    );
    const click = fake.click(guild.id, { id: snowflake(), username: 'bob' }, question, question.body.components[0].components[0].custom_id);
    await fake.waitFor(() => fake.repliesTo(click).length > 0, 'the answer to be taken');
    await first.kill('SIGKILL');

    const second = start();
    await second.waitForLog('"msg":"ready"');
    const scoreboard = () => fake.channelMessages.filter((m) => JSON.stringify(m.body).includes('Round over'));
    await fake.waitFor(() => scoreboard().length > 0, 'the scoreboard after the restart', 15_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(scoreboard()).toHaveLength(1);
    const lastEdit = question.edits.at(-1)!;
    expect(lastEdit.components[0].components.every((b: { disabled: boolean }) => b.disabled)).toBe(true);
    expect(JSON.stringify(lastEdit)).toContain('closed');
    expect(second.logs).toContain('ending a round whose process stopped');
  });
});
