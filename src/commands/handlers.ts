import type { Difficulty } from '../core/bank/bank.js';
import { renderDailyFeedback, renderDailyQuestion } from '../core/daily/daily-view.js';
import type { Engine } from '../core/engine.js';
import { renderPracticeQuestion } from '../core/practice/practice-view.js';
import { encodeAction } from '../core/shared/action-ids.js';
import { DeliveryError, UserError } from '../core/shared/errors.js';
import { b, line, type OutMessage, privateReply, type Reply, ref, t } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import type { Period } from '../core/shared/time.js';
import { renderLeaderboard, renderStats, renderStreak } from '../core/standings/standings-view.js';
import { renderReports } from '../core/team/reports-view.js';
import { renderSettings } from '../core/team/settings-view.js';
import type { TeamConfig } from '../core/team/team-model.js';
import type { ArgValues } from './args.js';
import { renderHelp } from './help.js';

export interface CommandContext {
  engine: Engine;
  member: MemberRef;
  channelId: string;
  args: ArgValues;
  isAdmin: boolean;
}

type Handler = (ctx: CommandContext) => Promise<Reply>;

const str = (v: ArgValues[string] | undefined) => (typeof v === 'string' ? v : undefined);
const num = (v: ArgValues[string] | undefined) => (typeof v === 'number' ? v : undefined);
const notice = (title: string, ...lines: OutMessage['lines']): Reply => privateReply({ title, lines, tone: 'info' });

async function nameOf(engine: Engine, member: MemberRef, userId: string): Promise<string> {
  if (userId === member.userId) return member.displayName;
  return (await engine.stats(member, userId)).record?.name ?? 'that member';
}

/** "Are you sure?" with a destructive Yes and a Cancel; the token says what is confirmed, and by whom. */
/** The team's daily settings, with the pack's name and when the next daily goes out. */
async function settingsMessage(engine: Engine, member: MemberRef, config: TeamConfig): Promise<OutMessage> {
  return renderSettings(config, engine.bank.pack(config.pack)?.name ?? config.pack, await engine.dailies.nextPost(member));
}

function confirmation(token: string, verb: 'forget' | 'purge', title: string, text: string, yes: string): Reply {
  return privateReply({
    title,
    lines: [line(t(text))],
    buttons: [
      { actionId: encodeAction({ ns: 'confirm', verb, token }), label: yes, style: 'danger' },
      { actionId: encodeAction({ ns: 'confirm', verb: 'cancel', token }), label: 'Cancel', style: 'secondary' },
    ],
    tone: 'warning',
  });
}

/** One handler per command of the table, keyed "group name" (a test checks that the two match). */
export const COMMAND_HANDLERS: Record<string, Handler> = {
  'quiz start': async ({ engine, member, args }) => {
    const step = await engine.practice.start(member, {
      topic: str(args.topic),
      count: num(args.count),
      difficulty: num(args.difficulty) as Difficulty | undefined,
    });
    return privateReply(renderPracticeQuestion(step));
  },

  'quiz daily': async ({ engine, member }) => {
    const open = await engine.dailies.open(member);
    if (!open) {
      const config = await engine.teams.config(member);
      return notice(
        'No daily question is open right now.',
        line(
          t(
            config.channelId
              ? `The next one comes at ${config.time} (${config.timezone}).`
              : 'The daily question is not set up yet: an admin runs quiz-admin setup.',
          ),
        ),
      );
    }
    const mine = await engine.dailies.answerOf(member, open.daily.id);
    if (!mine) return privateReply(renderDailyQuestion(open));
    const stats = await engine.stats(member, member.userId);
    return privateReply(
      renderDailyFeedback({
        ...open,
        option: mine.option,
        correct: mine.correct,
        points: mine.points,
        streak: stats.streak,
        reviewAt: mine.at,
      }),
    );
  },

  'quiz streak': async ({ engine, member, args }) => {
    const userId = str(args.member) ?? member.userId;
    const [stats, open] = await Promise.all([engine.stats(member, userId), engine.dailies.open(member)]);
    return privateReply(renderStreak(stats, await nameOf(engine, member, userId), open !== undefined));
  },

  'quiz leaderboard': async ({ engine, member, args }) => {
    const board = await engine.leaderboard(member, (str(args.period) as Period | undefined) ?? 'week');
    return privateReply(renderLeaderboard(board, member.userId));
  },

  'quiz stats': async ({ engine, member, args }) => {
    const userId = str(args.member) ?? member.userId;
    const stats = await engine.stats(member, userId);
    return privateReply(renderStats(stats, await nameOf(engine, member, userId), (s) => engine.bank.topicName(s)));
  },

  'quiz help': async ({ isAdmin, engine }) => privateReply(renderHelp(isAdmin, Object.keys(engine.bank.allTopics()))),

  'quiz-admin setup': async ({ engine, member, channelId, args }) => {
    const list = <T>(v: unknown) => (Array.isArray(v) ? (v as T[]) : undefined);
    const { config, check } = await engine.setup(
      member,
      {
        channelId: str(args.channel),
        time: str(args.time),
        timezone: str(args.timezone),
        weekdays: list<number>(args.weekdays),
        adminRoleId: args.role === null ? null : str(args.role),
        addAdmin: str(args['add-admin']),
        removeAdmin: str(args['remove-admin']),
        pack: str(args.pack),
        topics: list<string>(args.topics),
        difficulty: args.difficulty === undefined ? undefined : (args.difficulty as { min: Difficulty; max: Difficulty } | null),
      },
      channelId,
    );
    const settings = await settingsMessage(engine, member, config);
    if (check.status === 'failed') {
      const then = check.permanent
        ? 'Fix that (or pick another channel) and run quiz-admin setup again.'
        : 'Try quiz-admin setup again in a minute.';
      settings.lines.unshift(line(t(`⚠️ Saved, but Backprop could not post in the daily channel: ${check.reason} ${then}`)), []);
      return privateReply({ ...settings, title: `⚠️ ${settings.title}`, tone: 'warning' });
    }
    return privateReply({ ...settings, title: `✅ Saved. ${settings.title}` });
  },

  'quiz review': async ({ engine, member, args }) => {
    const step = await engine.practice.start(member, { review: true, count: num(args.count) });
    return privateReply(renderPracticeQuestion(step));
  },

  'quiz remind': async ({ engine, member, args }) => {
    const on = str(args.mode) === 'on';
    await engine.setReminders(member, on);
    return notice(
      on ? '⏰ Reminders on.' : '🔕 Reminders off.',
      line(
        t(
          on
            ? 'When 10 or more reviews are due, you get a private message at the team’s daily time (at most once a day).'
            : 'No more review reminders.',
        ),
      ),
    );
  },

  'quiz round': async ({ engine, member, channelId, args }) => {
    const round = await engine.rounds.start(member, channelId, {
      topic: str(args.topic),
      questions: num(args.questions),
      seconds: num(args.seconds),
    });
    return notice(
      '⚡ Round started.',
      line(t(`${round.items.length} questions, ${round.seconds} s each. Answer with the buttons in the channel.`)),
    );
  },

  'quiz stop-round': async ({ engine, member, channelId, isAdmin }) => {
    const round = await engine.rounds.stop(member, channelId, isAdmin);
    return notice(
      '🛑 Round stopped.',
      line(t(`Ended after ${round.results.filter(Boolean).length} of ${round.items.length} questions; the scoreboard is in the channel.`)),
    );
  },

  'quiz privacy': async ({ engine, member, args }) => {
    const hide = str(args.mode) === 'hide';
    await engine.setHidden(member, hide);
    return notice(
      hide ? '🙈 You are off the leaderboards.' : '👀 You are back on the leaderboards.',
      line(
        t(
          hide
            ? 'Your points, streak and stats are still yours and keep counting. quiz privacy show puts you back.'
            : 'Your points are all there.',
        ),
      ),
    );
  },

  'quiz forget-me': async ({ engine, member }) =>
    confirmation(
      await engine.askConfirmation(member, 'forget'),
      'forget',
      '⚠️ Delete everything Backprop holds about you in this team?',
      'Your streak, points, answers, stats and reports will be deleted, and you will leave every leaderboard. This cannot be undone.',
      'Yes, forget me',
    ),

  'quiz-admin reports': async ({ engine, member }) => privateReply(renderReports(await engine.reports.open(member), engine.bank)),

  'quiz-admin purge': async ({ engine, member }) =>
    confirmation(
      await engine.askConfirmation(member, 'purge'),
      'purge',
      '⚠️ Delete all of this team’s Backprop data?',
      'Settings, dailies, every member’s streak, points and answers, leaderboards and reports: all deleted at once. This cannot be undone.',
      'Yes, delete everything',
    ),

  'quiz-admin show': async ({ engine, member }) => {
    const config = await engine.teams.config(member);
    return privateReply(await settingsMessage(engine, member, config));
  },

  'quiz-admin pause': async ({ engine, member }) => {
    await engine.setPaused(member, true);
    return notice(
      '⏸️ Daily question paused.',
      line(t('Streaks are safe: days without a daily neither extend nor break them. Resume with quiz-admin resume.')),
    );
  },

  'quiz-admin resume': async ({ engine, member }) => {
    const config = await engine.setPaused(member, false);
    return notice('▶️ Daily question resumed.', line(t(`Next post at ${config.time} (${config.timezone}).`)));
  },

  'quiz-admin post': async ({ engine, member }) => {
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

  'quiz-admin close': async ({ engine, member }) => {
    const closed = await engine.dailies.close(member);
    if (!closed) throw new UserError('not-found', 'No daily question is open.');
    const { answered, right } = closed.tally;
    return notice(
      '🔒 Daily question closed.',
      line(t(`${answered} answered`), answered ? b(` · ${Math.round((100 * right) / answered)}% right`) : t('')),
    );
  },
};
