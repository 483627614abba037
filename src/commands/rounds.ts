import { DeliveryError, UserError } from '../core/shared/errors.js';
import { line, t } from '../core/shared/messages.js';
import { command } from './command.js';
import { notice } from './replies.js';

export const round = command({
  group: 'quiz',
  name: 'round',
  description: 'Start a live round in this channel: timed questions for everyone here',
  options: [
    { name: 'topic', type: 'topic', description: 'Only questions on this topic' },
    { name: 'questions', type: 'integer', description: 'How many questions (3–20, default 10)', min: 3, max: 20 },
    { name: 'seconds', type: 'integer', description: 'Seconds per question (10–60, default 20)', min: 10, max: 60 },
  ],
  async run({ engine, member, channelId }, { topic, questions, seconds }) {
    const started = await engine.rounds.start(member, channelId, { topic, questions, seconds }).catch((error: unknown) => {
      // The channel refused the first question (Backprop may not post there): said, as for the daily.
      if (!(error instanceof DeliveryError)) throw error;
      const next = error.permanent ? 'Fix that, then start the round again.' : 'Try again in a minute.';
      throw new UserError('delivery-failed', `The round could not start: ${error.reason} ${next}`);
    });
    return notice(
      '⚡ Round started.',
      line(t(`${started.items.length} questions, ${started.seconds} s each. Answer with the buttons in the channel.`)),
    );
  },
});

export const stopRound = command({
  group: 'quiz',
  name: 'stop-round',
  description: 'End the live round in this channel (its starter or an admin)',
  options: [],
  async run({ engine, member, channelId, isAdmin }) {
    const stopped = await engine.rounds.stop(member, channelId, isAdmin);
    const played = stopped.results.filter(Boolean).length;
    return notice(
      '🛑 Round stopped.',
      line(t(`Ended after ${played} of ${stopped.items.length} questions; the scoreboard is in the channel.`)),
    );
  },
});
