import { dailyRecord } from '../daily/daily-model.js';
import type { EngineDeps } from '../shared/context.js';
import { keys, memberPrefix } from '../shared/keys.js';
import { parseManyOrReport, readOrReport } from '../shared/records.js';
import type { MemberRef } from '../shared/refs.js';
import { calendarOf, PERIODS } from '../shared/time.js';
import type { StoredAnswer } from '../standings/member-model.js';
import { memberRecord } from '../standings/member-model.js';

type Counts = Map<string, Record<string, number>>;

/** Longer than a confirmation lives (10 minutes): no "Yes" of it can come after its claim is gone. */
const FORGET_CLAIM_TTL_MS = 15 * 60 * 1000;

const subtract = (counts: Counts, key: string, by: Record<string, number>) => {
  const into = counts.get(key) ?? {};
  for (const [field, n] of Object.entries(by)) if (n !== 0) into[field] = (into[field] ?? 0) - n;
  counts.set(key, into);
};

/**
 * Takes back what a member's answers added to the team's counts, before forget-me deletes the answers (which are
 * what stopped a second answer): otherwise the member could answer a daily still open again, and its tally and
 * its channel's activity would count them twice.
 * - The tally of every daily they can still answer: their answer and their rating of an open daily.
 * - Their share of each daily channel's activity in the periods they last answered there (week, month, all
 *   time): one active member, their points there (from the channel's boards), and their answers and right
 *   answers to the dailies above. Earlier periods and closed dailies keep their counts: nothing can add to them
 *   again. A round's answers in a channel are not kept per member, so their answers (not their points) stay.
 * Must run before the member's boards and keys go.
 */
export async function takeBackCounts(deps: EngineDeps, member: MemberRef, timezone: string, token: string): Promise<void> {
  const prefix = memberPrefix(member, member.userId);
  const given = await deps.store.answersUnder(`${prefix}answer:`);
  const kinds = { daily: 'answer:daily:', rated: 'answer:rated:' } as const;
  const byDaily = new Map<string, { answer?: StoredAnswer; rating?: StoredAnswer }>();
  for (const { key, answer } of given) {
    const rest = key.slice(prefix.length);
    for (const kind of ['daily', 'rated'] as const) {
      if (!rest.startsWith(kinds[kind])) continue;
      const dailyId = rest.slice(kinds[kind].length);
      byDaily.set(dailyId, { ...byDaily.get(dailyId), [kind === 'daily' ? 'answer' : 'rating']: answer });
    }
  }
  const ids = [...byDaily.keys()];
  const dailyKeys = ids.map((id) => keys.daily(member, id));
  const dailies = parseManyOrReport(deps.log, dailyRecord, dailyKeys, await deps.store.getMany(dailyKeys));
  const closedClaims = await Promise.all(ids.map((id) => deps.store.getClaim(keys.dailyClosed(member, id))));
  const counts: Counts = new Map();
  const stillOpen: { channelId: string; answer: StoredAnswer; open: boolean }[] = [];
  ids.forEach((id, i) => {
    const daily = dailies[i];
    if (!daily || daily.closedAt !== undefined || closedClaims[i] !== undefined) return;
    const { answer, rating } = byDaily.get(id)!;
    const open = daily.format === 'open';
    if (answer) {
      const choice: Record<string, number> = open ? {} : { [`option${answer.option}`]: 1, right: answer.correct ? 1 : 0 };
      subtract(counts, keys.dailyTally(member, id), { answered: 1, ...choice });
      stillOpen.push({ channelId: daily.channelId, answer, open });
    }
    if (rating) subtract(counts, keys.dailyTally(member, id), { [`rating${rating.option}`]: 1 });
  });

  const record = await readOrReport(deps, memberRecord, keys.member(member, member.userId));
  for (const [channelId, { lastAt }] of Object.entries(record?.channels ?? {})) {
    const last = calendarOf(lastAt, timezone).periods;
    for (const period of PERIODS) {
      const boards = [keys.channelBoard(member, channelId, last[period]), keys.hiddenChannelBoard(member, channelId, last[period])];
      const standings = await Promise.all(boards.map((board) => deps.store.standing(board, member.userId)));
      const answers = stillOpen.filter(
        (s) => s.channelId === channelId && !s.open && calendarOf(s.answer.at, timezone).periods[period] === last[period],
      );
      subtract(counts, keys.channelTally(member, channelId, last[period]), {
        members: 1,
        points: standings.reduce((sum, s) => sum + (s?.points ?? 0), 0),
        answered: answers.length,
        right: answers.filter((s) => s.answer.correct).length,
      });
    }
  }
  // Once, and only after everything was read: a second "Yes" (a double click) or a retry after a failure further
  // on would take them back again, out of other members' share; and a concurrent one may already be removing the
  // member's board entries, which the first must have read. The claim goes with the member's keys at the end.
  // Two claims: by this confirmation (it outlives the member's keys, for a "Yes" that read before the first one
  // deleted them) and under the member's keys (for a new confirmation after a forget-me that failed further on).
  if (!(await deps.store.claim(keys.forgetConfirmed(member, token), 'taken back', FORGET_CLAIM_TTL_MS))) return;
  if (!(await deps.store.claim(keys.forgetCounted(member, member.userId), 'taken back'))) return;
  for (const [key, by] of counts) if (Object.keys(by).length > 0) await deps.store.addToCounters(key, by);
}
