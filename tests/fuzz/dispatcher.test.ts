import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERIC_FAILURE, type Inbound } from '../../src/app/dispatcher.js';
import { COMMANDS, type GroupName } from '../../src/commands/table.js';
import type { Store, StoreRecord } from '../../src/core/ports/store.js';
import { keys } from '../../src/core/shared/keys.js';
import { plainText, type Reply } from '../../src/core/shared/messages.js';
import { LETTERS } from '../../src/core/shared/presentation.js';
import type { MemberRef } from '../../src/core/shared/refs.js';
import { createRig, member, onlyChannel, rightLetter, TEAM, type TestRig } from '../fakes/engine.js';
import { allRecords } from '../fakes/stores.js';
import { anyString, longString, NEAR_MISS_KEYS, NEAR_MISS_VALUES, PROTOTYPE_WORDS, separator, wordFrom } from './arbitraries.js';

/**
 * End to end: malformed commands (typed, or as options a platform separated), forged or stale button ids and odd
 * form text go through the dispatcher of a team in full use. handle() always resolves; a member never sees the
 * generic failure (an internal crash) and nothing is logged as an error; and when the reply refuses (⚠️ or ⛔),
 * nothing was stored and nothing posted.
 */

const ADMIN = member('boss', { admin: true });
const MEMBER = member('ann');
const NEWCOMER = member('zed');
const MEMBERS = [ADMIN, MEMBER, NEWCOMER];

const inText = (m: MemberRef, group: GroupName, text: string, channelId = 'daily'): Inbound => ({
  kind: 'text',
  member: m,
  channelId,
  group,
  text,
});
const click = (m: MemberRef, actionId: string, channelId = 'daily'): Inbound => ({ kind: 'action', member: m, channelId, actionId });

/** Every action id on a reply: its buttons and its form. */
const idsOf = (reply: Reply) => [...(reply.message.buttons ?? []).map((b) => b.actionId), ...(reply.form ? [reply.form.actionId] : [])];

/**
 * A team in full use, the same every time (seeded random, fake clock): set up with an open daily that the member
 * answered, a practice session and a live round under way, a report, and a forget-me and a purge awaiting "Yes".
 * Returns the rig and every action id the bot handed out, for the fuzzer to replay and damage.
 */
async function teamInUse(): Promise<{ rig: TestRig; liveIds: string[] }> {
  const rig = createRig({ seed: 7 });
  const ids: string[] = [];
  const send = async (event: Inbound) => {
    const reply = await rig.dispatcher.handle(event);
    ids.push(...idsOf(reply));
    return reply;
  };
  await send(inText(ADMIN, 'quiz-admin', 'setup channel=<#daily> time=09:00 timezone=UTC'));
  await send(inText(ADMIN, 'quiz-admin', 'post'));
  // Right answers, so that the feedback offers the spaced-repetition rating buttons too.
  const open = (await rig.engine.dailies.open(TEAM, await onlyChannel(rig.engine, TEAM)))!;
  await send(click(MEMBER, `daily:answer:${open.daily.id}:${rightLetter(open.daily.order)}`));
  await send(inText(MEMBER, 'quiz', 'start count=3'));
  const session = (await rig.store.get<{ id: string; items: { order: number[] }[] }>(keys.practice(TEAM, MEMBER.userId)))!;
  await send(click(MEMBER, `practice:answer:${session.id}:0:${rightLetter(session.items[0]!.order)}`));
  await send(inText(ADMIN, 'quiz', 'round questions=3 seconds=20', 'arena'));
  const report = await send(click(MEMBER, ids.find((id) => id.startsWith('report:open:'))!));
  await send({ kind: 'submit', member: MEMBER, channelId: 'daily', actionId: report.form!.actionId, text: 'The answer looks wrong.' });
  await send(inText(MEMBER, 'quiz', 'forget-me'));
  await send(inText(ADMIN, 'quiz-admin', 'purge'));
  for (const p of [...rig.messenger.posts, ...rig.messenger.edits]) ids.push(...(p.message.buttons ?? []).map((b) => b.actionId));
  expect(rig.log.at('error')).toEqual([]);
  return { rig, liveIds: [...new Set(ids)].sort() };
}

async function snapshot(store: Store): Promise<StoreRecord[]> {
  return (await allRecords(store, '')).sort((a, b) => `${a.kind}:${a.key}`.localeCompare(`${b.kind}:${b.key}`));
}

/** A refusal: an error or a "not allowed" (help after a mistyped command starts its lines with the ⚠️ too). */
function isRefusal(reply: Reply): boolean {
  const first = reply.message.lines[0]?.map((s) => s.text).join('') ?? '';
  return first.startsWith('⚠️') || first.startsWith('⛔');
}

// The mini pack's topics and pack id, so that valid-looking words reach the handlers.
const GOOD_VALUES = [
  'alpha',
  'beta',
  'ALPHA',
  '3',
  '5',
  '10',
  '20',
  'hard',
  'easy',
  '2',
  'week',
  'month',
  'all',
  '<@ann>',
  '<@boss|Boss>',
  '@zed',
  'zed',
  '<#arena>',
  '<#daily|daily>',
  'none',
  '07:45',
  '9:05',
  'Europe/Berlin',
  'UTC',
  'mon-fri',
  'weekends',
  'mini',
  'alpha,beta',
  'easy-medium',
  'hard-easy',
  'on',
  'off',
  'hide',
  'show',
];
const value = wordFrom(GOOD_VALUES, NEAR_MISS_VALUES);
const key = fc.oneof(
  fc.constantFrom(...new Set(COMMANDS.flatMap((c) => c.options.map((o) => o.name)))),
  fc.constantFrom(...NEAR_MISS_KEYS),
);
const word = fc.oneof(
  { weight: 3, arbitrary: value },
  { weight: 3, arbitrary: fc.tuple(key, value).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: fc.tuple(key, value, value).map(([k, a, b]) => `${k}="${a} ${b}"`) },
);
const commandName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...COMMANDS.map((c) => c.name)) },
  { weight: 1, arbitrary: fc.constantFrom('help', '', 'Start', 'purge-all', 'stop', ...PROTOTYPE_WORDS) },
);
const commandText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(commandName, fc.array(fc.tuple(separator, word), { maxLength: 4 }))
      .map(([n, ws]) => n + ws.map(([s, w]) => s + w).join('')),
  },
  { weight: 1, arbitrary: anyString(80) },
  { weight: 1, arbitrary: longString(990, 1200) },
);

/** Damage to a live id: another letter, step or grade, a cut, a part dropped or repeated, odd characters. */
function damaged(liveIds: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...liveIds),
      fc.nat(),
      fc.constantFrom(...LETTERS, 'E', '0', '1', '2', '5', '999', '1000', 'zzzzzzzzzzzz', '', ':', 'x y', ...PROTOTYPE_WORDS),
    )
    .map(([id, n, part]) => {
      const parts = id.split(':');
      const i = n % parts.length;
      switch (n % 4) {
        case 0:
          return parts.map((p, k) => (k === i ? part : p)).join(':');
        case 1:
          return id.slice(0, n % (id.length + 1));
        case 2:
          return [...parts.slice(0, i + 1), ...parts.slice(i)].join(':');
        default:
          return parts.filter((_, k) => k !== i).join(':');
      }
    });
}

type Step = { kind: 'event'; event: Inbound } | { kind: 'wait'; ms: number };

function steps(liveIds: readonly string[]): fc.Arbitrary<Step[]> {
  const who = fc.constantFrom(...MEMBERS);
  const channel = fc.constantFrom('daily', 'arena', 'elsewhere');
  const actionId = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...liveIds) },
    { weight: 4, arbitrary: damaged(liveIds) },
    { weight: 1, arbitrary: anyString(40) },
    { weight: 1, arbitrary: longString(95, 130) },
  );
  const formText = fc.oneof(
    fc.constantFrom('', '   ', 'cancel', ' CANCEL ', 'The prompt has a typo.', 'x'.repeat(501)),
    anyString(60),
    longString(400, 700),
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .record({ m: who, g: fc.constantFrom<GroupName>('quiz', 'quiz-admin'), text: commandText, c: channel })
        .map(({ m, g, text, c }) => ({ kind: 'event' as const, event: inText(m, g, text, c) })),
    },
    {
      weight: 4,
      arbitrary: fc
        .record({ m: who, id: actionId, c: channel })
        .map(({ m, id, c }) => ({ kind: 'event' as const, event: click(m, id, c) })),
    },
    // A slash command whose options the platform separated (Discord): any names, any values.
    {
      weight: 2,
      arbitrary: fc
        .record({
          m: who,
          g: fc.constantFrom<GroupName>('quiz', 'quiz-admin'),
          name: commandName,
          raw: fc.dictionary(key, value, { maxKeys: 4 }),
        })
        .map(({ m, g, name, raw }) => ({
          kind: 'event' as const,
          event: { kind: 'command' as const, member: m, channelId: 'daily', group: g, name, raw },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          m: who,
          id: fc.oneof(fc.constantFrom('report:submit:alpha-one', 'report:submit:nope', 'report:submit:constructor'), actionId),
          text: formText,
        })
        .map(({ m, id, text }) => ({
          kind: 'event' as const,
          event: { kind: 'submit' as const, member: m, channelId: 'daily', actionId: id, text },
        })),
    },
    // Time passing: round questions close, the clock moves on. Not input; only the events are judged.
    { weight: 1, arbitrary: fc.constantFrom(1_000, 21_000, 3_600_000).map((ms) => ({ kind: 'wait' as const, ms })) },
  );
  return fc.array(step, { minLength: 1, maxLength: 8 });
}

describe('fuzz: the dispatcher, end to end', () => {
  let liveIds: string[];
  beforeAll(async () => {
    ({ liveIds } = await teamInUse());
    // The ids the fuzzer works from: every kind of button a team in use shows.
    for (const prefix of [
      'daily:answer:',
      'practice:answer:',
      'practice:next:',
      'round:answer:',
      'srs:rate:',
      'report:open:',
      'report:submit:',
      'confirm:forget:',
      'confirm:purge:',
      'confirm:cancel:',
    ]) {
      expect(
        liveIds.some((id) => id.startsWith(prefix)),
        prefix,
      ).toBe(true);
    }
  });

  it('never crashes, and a refusal changes nothing', async () => {
    const outcomes = { refused: 0, done: 0, unknownButton: 0 };
    await fc.assert(
      fc.asyncProperty(steps(liveIds), async (run) => {
        const { rig, liveIds: again } = await teamInUse();
        // The same team every time: the ids the fuzzer damages are live in this rig too.
        expect(again).toEqual(liveIds);
        for (const step of run) {
          if (step.kind === 'wait') {
            await rig.timers.advance(step.ms);
            continue;
          }
          const before = await snapshot(rig.store);
          const sent = () => rig.messenger.posts.length + rig.messenger.edits.length + rig.messenger.privates.length;
          const sentBefore = sent();
          const reply = await rig.dispatcher.handle(step.event);
          const shown = plainText(reply.message);
          expect(shown, JSON.stringify(step.event)).not.toContain(GENERIC_FAILURE);
          expect(rig.log.at('error'), JSON.stringify(step.event)).toEqual([]);
          if (isRefusal(reply)) {
            outcomes.refused += 1;
            if (shown.includes("isn't one Backprop knows")) outcomes.unknownButton += 1;
            expect(await snapshot(rig.store), `${JSON.stringify(step.event)} → ${shown}`).toEqual(before);
            expect(sent(), 'nothing posted, edited or sent privately').toBe(sentBefore);
          } else outcomes.done += 1;
        }
      }),
      { numRuns: 300 },
    );
    // The fuzz reached the handlers, not only the first checks.
    expect(outcomes.done).toBeGreaterThan(80);
    expect(outcomes.refused - outcomes.unknownButton).toBeGreaterThan(300);
    expect(outcomes.unknownButton).toBeGreaterThan(100);
  });
});
