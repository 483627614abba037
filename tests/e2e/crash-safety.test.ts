import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeAction } from '../../src/core/actions.js';
import type { DailyRecord } from '../../src/core/daily/daily-model.js';
import { keys } from '../../src/core/shared/keys.js';
import type { TeamRef } from '../../src/core/shared/refs.js';
import type { MemberRecord } from '../../src/core/standings/member-model.js';
import { openStore } from '../../src/store/open.js';
import { BackpropProcess } from '../fakes/backprop-process.js';
import { buttonsOf, customId, embedText } from '../fakes/discord/read.js';
import { FakeDiscord, type FakeUser, snowflake } from '../fakes/discord/server.js';
import { rightLetter } from '../fakes/engine.js';
import { setUpTeams } from '../fakes/process-teams.js';
import { POSTGRES_URL, REDIS_URL, scratch } from '../fakes/stores.js';

/** The reply that tells a member their answer counted. */
const RECORDED = /✅ Right!|❌ Not quite/;
const ALREADY = /already answered/;
const MEMBERS = 300;
const WAVE = 50;

const space = scratch('bp_crash');

async function readDaily(url: string, team: TeamRef, dailyId: string): Promise<DailyRecord> {
  const store = await openStore(url);
  try {
    return (await store.get<DailyRecord>(keys.daily(team, dailyId)))!;
  } finally {
    await store.close();
  }
}

describe('crash safety: SIGKILL in the middle of a burst of answers, then a restart', () => {
  let fake: FakeDiscord | undefined;
  const processes: BackpropProcess[] = [];
  afterEach(async () => {
    for (const p of processes.splice(0)) if (p.child.exitCode === null) await p.kill();
    await fake?.stop();
  });
  afterAll(() => space.cleanUp());

  for (const [name, storeUrl] of [
    ['SQLite', () => `sqlite://${join(mkdtempSync(join(tmpdir(), 'bp-crash-')), 'b.sqlite')}`],
    ['Redis', REDIS_URL ? () => space.redisUrl() : undefined],
    ['Postgres', POSTGRES_URL ? () => space.postgresUrl() : undefined],
  ] as const) {
    it.skipIf(!storeUrl)(
      `${name}: every answer a member was told was recorded is there, and none counts twice`,
      { timeout: 150_000 },
      async () => {
        const url = storeUrl!();
        fake = await new FakeDiscord().start();
        const guild = fake.addGuild();
        const [{ team, channel }] = (await setUpTeams(url, [guild])) as [{ team: TeamRef; channel: string }];
        const start = () => {
          const p = new BackpropProcess({
            STORE_URL: url,
            INSTANCE_ID: 'crash-host',
            DISCORD_TOKEN: 'fake-token',
            DISCORD_APPLICATION_ID: fake!.applicationId,
            DISCORD_API_URL: fake!.apiUrl,
          });
          processes.push(p);
          return p;
        };

        const first = start();
        const daily = await fake.waitFor(
          () => fake!.dailyMessages.find((m) => m.channelId === channel),
          'the daily, posted at start-up',
          30_000,
        );
        const decoded = decodeAction((buttonsOf(daily.body)[0] as { custom_id: string }).custom_id);
        if (!decoded.ok || decoded.action.ns !== 'daily') throw new Error('the daily has no answer buttons');
        const dailyId = decoded.action.dailyId;
        // Everyone answers right, so that every answer also lands on the leaderboard.
        const right = rightLetter((await readDaily(url, team, dailyId)).order);
        const button = { custom_id: customId(daily.body, right) };
        const members: FakeUser[] = Array.from({ length: MEMBERS }, (_, i) => ({ id: snowflake(), username: `m${i}` }));
        const toldRecorded = (token: string) => fake!.repliesTo(token).some((r) => RECORDED.test(embedText(r.body)));

        // The burst comes in waves of clicks, each sent once half the one before has been answered, so the bot always
        // has answers in flight: it is killed, from inside the fake's handler (polling is outrun by a fast store),
        // the moment a tenth of the members have been told their answer counted, with 70 clicks sent and not yet
        // answered. The members whose clicks never went out click after the restart.
        const burst: (string | undefined)[] = [];
        const told = new Set<string>();
        let killed = false;
        const sendWave = () => {
          for (const end = Math.min(burst.length + WAVE, MEMBERS); burst.length < end; ) {
            burst.push(fake!.click(guild.id, members[burst.length]!, daily, button.custom_id));
          }
        };
        fake.onInteractionReply = (token) => {
          if (killed || !burst.includes(token) || !toldRecorded(token)) return;
          told.add(token);
          if (told.size >= MEMBERS / 10) {
            killed = true;
            first.child.kill('SIGKILL');
          } else if (told.size >= burst.length - WAVE / 2) sendWave();
        };
        sendWave();
        expect(await first.exited, 'the first process was killed').toBeNull();
        fake.onInteractionReply = undefined;
        const confirmedBeforeCrash = new Set(members.filter((_, i) => burst[i] !== undefined && toldRecorded(burst[i]!)).map((m) => m.id));

        // After the restart every member clicks again: those told "recorded" must be told "already answered".
        const second = start();
        await second.waitForLog('"msg":"ready"');
        const again = members.map((m) => fake!.click(guild.id, m, daily, button.custom_id));
        // (A reply may come as an acknowledgement first and its text in a follow-up: wait for the text.)
        const said = (token: string) =>
          fake!
            .repliesTo(token)
            .map((r) => embedText(r.body))
            .join('\n');
        await fake.waitFor(() => again.every((t) => said(t) !== ''), 'a reply to every second click', 60_000);
        members.forEach((m, i) => {
          const text = said(again[i]!);
          if (confirmedBeforeCrash.has(m.id)) expect(text, `member ${m.username}`).toMatch(ALREADY);
          else expect(text, `member ${m.username}`).toMatch(new RegExp(`${RECORDED.source}|${ALREADY.source}`));
        });
        // Nobody was told twice that an answer counted.
        for (const [i, m] of members.entries()) {
          expect(
            [burst[i], again[i]!].filter((t) => t !== undefined && toldRecorded(t)).length,
            `member ${m.username}`,
          ).toBeLessThanOrEqual(1);
        }
        expect(await second.kill('SIGTERM')).toBe(0);

        // In the store: one answer per member, counted once in the member's record and once on the leaderboard.
        const store = await openStore(url);
        try {
          const board = await store.top(keys.board(team, 'all'), MEMBERS + 10);
          expect(board).toHaveLength(MEMBERS);
          for (const m of members) {
            const answer = await store.getAnswer(keys.dailyAnswer(team, m.id, dailyId));
            expect(answer, `answer of ${m.username}`).toBeDefined();
            const record = await store.get<MemberRecord>(keys.member(team, m.id));
            expect(record?.answered, `answers counted for ${m.username}`).toBe(1);
            const points = answer!.points;
            expect(points).toBeGreaterThan(0);
            expect(board.find((e) => e.memberId === m.id)?.points, `leaderboard points of ${m.username}`).toBe(points);
          }
        } finally {
          await store.close();
        }
      },
    );
  }
});
