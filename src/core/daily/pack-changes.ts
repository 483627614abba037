import type { Bank, Pack, Question } from '../bank/bank.js';
import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { line, t } from '../shared/messages.js';
import type { TeamRef } from '../shared/refs.js';
import type { DailyChannels } from './channels.js';
import type { DailyRecord } from './daily-model.js';

/**
 * A team pack changing under the dailies open in its channels. A daily stores which option sits behind each
 * letter, not the options' texts, so a new version of its question would change what a click means and what the
 * reveal says; and a removed question would leave a daily that can neither be answered nor revealed.
 */

export interface OpenDailyQuestion {
  channelId: string;
  questionId: string;
}

/** The question of the daily open now in each of the team's channels. */
export async function openDailyQuestions(
  channels: DailyChannels,
  daily: (team: TeamRef, dailyId: string) => Promise<DailyRecord | undefined>,
  team: TeamRef,
): Promise<OpenDailyQuestion[]> {
  const open: OpenDailyQuestion[] = [];
  for (const channel of await channels.list(team)) {
    const state = await channels.state(team, channel.channelId);
    const record = state.open && (await daily(team, state.open.dailyId));
    if (record && record.closedAt === undefined) open.push({ channelId: channel.channelId, questionId: record.questionId });
  }
  return open;
}

/** What members saw of a question in its post: the prompt, the options and the picture. */
const shown = (q: Question) => JSON.stringify([q.prompt, q.answer, q.distractors, q.figure?.alt ?? null]);

/** The open dailies whose question a new version of its pack drops or shows differently. Pure. */
export function openDailiesChangedBy(
  open: readonly OpenDailyQuestion[],
  bank: Bank,
  next: Pack,
): (OpenDailyQuestion & { removed: boolean })[] {
  const after = new Map(next.questions.map((q) => [q.id, q]));
  return open.flatMap((o) => {
    const current = bank.question(o.questionId);
    if (!current || current.pack !== next.id) return [];
    const changed = after.get(o.questionId);
    if (changed && shown(changed) === shown(current)) return [];
    return [{ ...o, removed: !changed }];
  });
}

/**
 * A daily whose question left the bank while it was open (its pack removed by an earlier version of Backprop, a
 * built-in question retired by an upgrade): closed, and its post loses its buttons and says why.
 */
export async function closeWithoutQuestion(deps: EngineDeps, team: TeamRef, daily: DailyRecord): Promise<void> {
  daily.closedAt ??= deps.clock.now();
  await deps.store.set(keys.daily(team, daily.id), daily);
  if (!daily.messageId || daily.revealedAt) return;
  try {
    const notice = line(t('This daily question was removed from the question bank while it was open; it is closed.'));
    await deps.messenger.edit(team, daily.channelId, daily.messageId, { lines: [notice], tone: 'info' });
    daily.revealedAt = deps.clock.now();
    await deps.store.set(keys.daily(team, daily.id), daily);
  } catch (error) {
    deps.log.warn({ err: error, team, dailyId: daily.id }, 'could not edit a daily whose question was removed');
  }
}
