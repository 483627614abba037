import type { Bank, Pack, Question } from '../bank/bank.js';
import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { line, t } from '../shared/messages.js';
import type { TeamRef } from '../shared/refs.js';
import { isActive } from './channel-model.js';
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
  /** An open daily shows no options: only its prompt and picture are on screen. */
  format?: DailyRecord['format'];
}

/**
 * The question of the daily open now in each running channel of the team. A channel whose records cannot be read
 * is left out (it is reported where it is used): one damaged channel must not stop every pack change.
 */
export async function openDailyQuestions(
  channels: DailyChannels,
  daily: (team: TeamRef, dailyId: string) => Promise<DailyRecord | undefined>,
  team: TeamRef,
): Promise<OpenDailyQuestion[]> {
  const open: OpenDailyQuestion[] = [];
  for (const channel of (await channels.list(team)).filter(isActive)) {
    try {
      const state = await channels.state(team, channel.channelId);
      const record = state.open && (await daily(team, state.open.dailyId));
      if (record && record.closedAt === undefined)
        open.push({ channelId: channel.channelId, questionId: record.questionId, format: record.format });
    } catch (error) {
      if (!(error instanceof CorruptRecord)) throw error;
    }
  }
  return open;
}

/** What members saw of a question in its post: the prompt, the options (not on an open daily) and the picture. */
function shown(q: Question, format: DailyRecord['format']): string {
  const options = format === 'open' ? [] : [q.answer, ...q.distractors];
  return JSON.stringify([q.prompt, options, q.figure?.alt ?? null]) + pictureFingerprint(q);
}

/** The picture itself, not only its alt text: a chart's spec, or an image's bytes (hashed, FNV-1a). */
function pictureFingerprint(q: Question): string {
  const source = q.figure?.source;
  if (!source) return '';
  if ('chart' in source) return JSON.stringify(source.chart);
  let hash = 0x811c9dc5;
  for (const byte of source.image.data) hash = Math.imul(hash ^ byte, 0x01000193);
  return `${source.image.format}:${source.image.data.length}:${hash >>> 0}`;
}

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
    if (changed && shown(changed, o.format) === shown(current, o.format)) return [];
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
