import type { DailyChannel } from '../core/daily/channel-model.js';
import { renderDailyFeedback, renderDailyQuestion } from '../core/daily/daily-view.js';
import { renderOpenFeedback } from '../core/daily/open-daily-view.js';
import type { Engine } from '../core/engine.js';
import { CorruptRecord, DeliveryError, UserError } from '../core/shared/errors.js';
import { b, line, privateReply, ref, t } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import { nextDaily } from '../core/team/settings-view.js';
import { CONFIRM_REMOVE_DAILY } from '../core/team/team-actions.js';
import { command } from './command.js';
import { confirmation, notice } from './replies.js';

/** Which daily `quiz daily` shows: this channel's, else the one the member last answered in, else the team's first. */
/**
 * The daily channel quiz daily is about: this one; else, among those with a daily open now, the one the member
 * last answered in (or the first); else the one they last answered in. An open daily elsewhere is never missed.
 */
async function dailyChannelFor(engine: Engine, member: MemberRef, channelId: string): Promise<DailyChannel | undefined> {
  const active = await engine.channels.active(member);
  const here = active.find((c) => c.channelId === channelId);
  if (here || active.length <= 1) return here ?? active[0];
  const taken = (await engine.standings.record(member, member.userId))?.channels ?? {};
  const latest = (c: DailyChannel) => taken[c.channelId]?.lastAt ?? -1;
  const mostRecent = (channels: DailyChannel[]) => channels.reduce((best, c) => (latest(c) > latest(best) ? c : best));
  // A channel whose daily is damaged counts as having none open here: it never hides the others (its own
  // channel reports it when asked there).
  const opened = (c: DailyChannel) =>
    engine.dailies.open(member, c.channelId).catch((error: unknown) => {
      if (error instanceof CorruptRecord) return undefined;
      throw error;
    });
  const open = await Promise.all(active.map(async (c) => ((await opened(c)) ? c : undefined)));
  const withDaily = open.filter((c) => c !== undefined);
  return mostRecent(withDaily.length > 0 ? withDaily : active);
}

const CHANNEL_OPTION = { name: 'channel', type: 'channel', description: 'The daily channel (default: this one)' } as const;

export const daily = command({
  group: 'quiz',
  name: 'daily',
  description: "Show today's daily question",
  options: [],
  async run({ engine, member, channelId }) {
    const channel = await dailyChannelFor(engine, member, channelId);
    const open = channel && (await engine.dailies.open(member, channel.channelId));
    if (!channel || !open) {
      // When the schedule will really post (paused, its weekdays, needing attention), as quiz-admin show says it.
      const when = channel && (await engine.channels.nextPost(member, await engine.teams.config(member), channel));
      const next = !channel
        ? line(t('The daily question is not set up yet: an admin runs quiz-admin setup.'))
        : channel.paused
          ? line(t('The daily question in '), ref('channel', channel.channelId), t(' is paused until an admin resumes it.'))
          : when
            ? line(t('The next one comes in '), ref('channel', channel.channelId), t(`: ${nextDaily(channel, when)}.`))
            : line(t('No daily is scheduled in '), ref('channel', channel.channelId), t(' at the moment.'));
      return notice('No daily question is open right now.', next);
    }
    const mine = await engine.dailies.answerOf(member, open.daily.id);
    if (!mine) return privateReply(renderDailyQuestion(open));
    const { streak } = await engine.standings.stats(member, member.userId);
    if (open.daily.format === 'open')
      return privateReply(renderOpenFeedback({ daily: open.daily, question: open.question, points: 0, streak }));
    return privateReply(
      renderDailyFeedback({ ...open, option: mine.option, correct: mine.correct, points: mine.points, streak, reviewAt: mine.at }),
    );
  },
});

export const pause = command({
  group: 'quiz-admin',
  name: 'pause',
  description: 'Pause the daily question of this channel (or the one named)',
  options: [CHANNEL_OPTION],
  async run({ engine, member, channelId }, args) {
    const target = await engine.channels.target(member, channelId, args.channel);
    await engine.channels.update(member, target.channelId, (c) => ({ ...c, paused: true }));
    return notice(
      target.paused ? '⏸️ The daily question was paused already.' : '⏸️ Daily question paused.',
      line(t('No daily in '), ref('channel', target.channelId), t(' until quiz-admin resume there.')),
      line(t('Streaks are safe: days without a daily neither extend nor break them.')),
    );
  },
});

export const resume = command({
  group: 'quiz-admin',
  name: 'resume',
  description: 'Resume the daily question of this channel (or the one named)',
  options: [CHANNEL_OPTION],
  async run({ engine, member, channelId }, args) {
    const target = await engine.channels.target(member, channelId, args.channel);
    const channel = await engine.channels.update(member, target.channelId, (c) => ({ ...c, paused: false }));
    // What the schedule will do, as quiz-admin show says it: today's daily at once if its time has passed.
    const next = await engine.channels.nextPost(member, await engine.teams.config(member), channel);
    return notice(
      target.paused ? '▶️ Daily question resumed.' : '▶️ The daily question was running already.',
      line(t('Next daily in '), ref('channel', channel.channelId), t(`: ${nextDaily(channel, next)}.`)),
    );
  },
});

export const post = command({
  group: 'quiz-admin',
  name: 'post',
  description: 'Close the open daily of this channel (or the one named) and post the next one now',
  options: [CHANNEL_OPTION],
  async run({ engine, member, channelId }, args) {
    const target = await engine.channels.target(member, channelId, args.channel);
    const view = await engine.dailies.post(member, target.channelId, { extra: true }).catch((error: unknown) => {
      if (!(error instanceof DeliveryError)) throw error;
      const next = error.permanent ? 'Fix that, then run quiz-admin setup again.' : 'Try again in a minute.';
      throw new UserError('delivery-failed', `The daily question could not be posted: ${error.reason} ${next}`);
    });
    if (!view) throw new Error('an extra daily was requested but none was posted');
    return notice(
      '📨 Daily question posted.',
      line(
        t('Posted to '),
        ref('channel', view.daily.channelId),
        t(
          view.daily.extra && !view.daily.offDay
            ? ' (an extra daily: it belongs to today, so answering it counts for today’s streak like the first).'
            : '.',
        ),
      ),
      // Posted before its time, it is today's daily: the schedule's next one is another day's. On a day without a
      // scheduled daily, it counts for nobody's streak (a member who skips it keeps theirs).
      ...(view.daily.offDay
        ? [line(t('Today has no scheduled daily here, so this one counts for no streak (answering it still scores).'))]
        : view.daily.extra
          ? []
          : [line(t('It is today’s daily, so the schedule posts none later today.'))]),
      ...(target.paused ? [line(t('The channel stays paused: the schedule posts nothing there until quiz-admin resume.'))] : []),
    );
  },
});

export const close = command({
  group: 'quiz-admin',
  name: 'close',
  description: 'Close the open daily of this channel (or the one named) and show the answer',
  options: [CHANNEL_OPTION],
  async run({ engine, member, channelId }, args) {
    const target = await engine.channels.target(member, channelId, args.channel);
    const wasOpen = (await engine.channels.state(member, target.channelId)).open !== undefined;
    const closed = await engine.dailies.close(member, target.channelId);
    // Open, but its question left the bank: close() closed it without a reveal (its post says why).
    if (!closed && wasOpen)
      return notice('🔒 Daily question closed.', line(t('Its question was no longer in the bank, so no answer could be shown.')));
    if (!closed) throw new UserError('not-found', 'No daily question is open there.');
    const { answered, right } = closed.tally;
    // An open daily is rated by each member, never right or wrong: how many took part is its count.
    if (closed.daily.format === 'open') return notice('🔒 Daily question closed.', line(t(`${answered} took part`)));
    return notice(
      '🔒 Daily question closed.',
      line(t(`${answered} answered`), answered ? b(` · ${Math.round((100 * right) / answered)}% right`) : t('')),
    );
  },
});

export const removeDaily = command({
  group: 'quiz-admin',
  name: 'remove-daily',
  description: 'Stop the daily question of this channel (or the one named); its history stays (asks first)',
  options: [CHANNEL_OPTION],
  async run({ engine, member, channelId }, args) {
    const target = await engine.channels.target(member, channelId, args.channel);
    const token = await engine.confirmations.ask(member, 'remove-daily', target.channelId);
    return confirmation(
      CONFIRM_REMOVE_DAILY.encode({ token }),
      token,
      // A title is plain text (no channel mention): a channel named from elsewhere is the one in the line below.
      `⚠️ Stop the daily question ${target.channelId === channelId ? 'in this channel' : 'of the channel below'}?`,
      [
        line(t('No more dailies will be posted in '), ref('channel', target.channelId), t('; its open daily closes now.')),
        line(t('Its past dailies, answers, board and everyone’s streak days are kept.')),
      ],
      'Yes, remove the daily',
    );
  },
});
