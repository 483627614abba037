import { renderDailyFeedback, renderDailyQuestion } from '../core/daily/daily-view.js';
import { DeliveryError, UserError } from '../core/shared/errors.js';
import { b, line, privateReply, ref, t } from '../core/shared/messages.js';
import { command } from './command.js';
import { notice } from './replies.js';

export const daily = command({
  group: 'quiz',
  name: 'daily',
  description: "Show today's daily question",
  options: [],
  async run({ engine, member, config }) {
    const open = await engine.dailies.open(member);
    if (!open) {
      const next = config.channelId
        ? `The next one comes at ${config.time} (${config.timezone}).`
        : 'The daily question is not set up yet: an admin runs quiz-admin setup.';
      return notice('No daily question is open right now.', line(t(next)));
    }
    const mine = await engine.dailies.answerOf(member, open.daily.id);
    if (!mine) return privateReply(renderDailyQuestion(open));
    const { streak } = await engine.standings.stats(member, member.userId);
    return privateReply(
      renderDailyFeedback({ ...open, option: mine.option, correct: mine.correct, points: mine.points, streak, reviewAt: mine.at }),
    );
  },
});

export const pause = command({
  group: 'quiz-admin',
  name: 'pause',
  description: 'Pause the daily question',
  options: [],
  async run({ engine, member }) {
    await engine.teams.setPaused(member, true);
    return notice(
      '⏸️ Daily question paused.',
      line(t('Streaks are safe: days without a daily neither extend nor break them. Resume with quiz-admin resume.')),
    );
  },
});

export const resume = command({
  group: 'quiz-admin',
  name: 'resume',
  description: 'Resume the daily question',
  options: [],
  async run({ engine, member }) {
    const config = await engine.teams.setPaused(member, false);
    return notice('▶️ Daily question resumed.', line(t(`Next post at ${config.time} (${config.timezone}).`)));
  },
});

export const post = command({
  group: 'quiz-admin',
  name: 'post',
  description: 'Close the open daily and post the next one now',
  options: [],
  async run({ engine, member }) {
    const view = await engine.dailies.post(member, { extra: true }).catch((error: unknown) => {
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
        t(view.daily.extra ? ' (an extra daily: streaks count days, so it changes nobody’s streak).' : '.'),
      ),
    );
  },
});

export const close = command({
  group: 'quiz-admin',
  name: 'close',
  description: 'Close the open daily now and show the answer',
  options: [],
  async run({ engine, member }) {
    const closed = await engine.dailies.close(member);
    if (!closed) throw new UserError('not-found', 'No daily question is open.');
    const { answered, right } = closed.tally;
    return notice(
      '🔒 Daily question closed.',
      line(t(`${answered} answered`), answered ? b(` · ${Math.round((100 * right) / answered)}% right`) : t('')),
    );
  },
});
