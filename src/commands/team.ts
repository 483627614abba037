import { isActive } from '../core/daily/channel-model.js';
import type { Engine } from '../core/engine.js';
import { line, type OutMessage, privateReply, t } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import { renderReports } from '../core/team/reports-view.js';
import { renderSettings } from '../core/team/settings-view.js';
import { CONFIRM_FORGET, CONFIRM_PURGE } from '../core/team/team-actions.js';
import type { TeamConfig } from '../core/team/team-model.js';
import { command } from './command.js';
import { confirmation, notice } from './replies.js';

/** The team's settings and every running daily channel's, with its pack's name and when its next daily goes out. */
async function settingsMessage(engine: Engine, member: MemberRef, config: TeamConfig): Promise<OutMessage> {
  const { channels, unreadable } = await engine.channels.survey(member);
  const bank = await engine.packs.bankFor(member);
  return renderSettings(
    config,
    await Promise.all(
      channels.filter(isActive).map(async (channel) => ({
        channel,
        // Name and id: two packs may share a name, and setup takes the id (pack=our-stack).
        packName:
          bank
            .packsOf(channel.pack)
            .map((p) => `${p.name} (${p.id})`)
            .join(' + ') || channel.pack,
        next: await engine.channels.nextPost(member, config, channel),
      })),
    ),
    unreadable,
  );
}

export const privacy = command({
  group: 'quiz',
  name: 'privacy',
  description: 'Hide yourself from the leaderboards, or show yourself again',
  options: [{ name: 'mode', type: 'privacy', description: 'hide or show', required: true }],
  async run({ engine, member }, { mode }) {
    const hide = mode === 'hide';
    await engine.privacy.setHidden(member, hide);
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
});

export const forgetMe = command({
  group: 'quiz',
  name: 'forget-me',
  description: 'Delete everything Backprop holds about you in this team',
  options: [],
  async run({ engine, member, config }) {
    const token = await engine.confirmations.ask(member, 'forget');
    // An admin added with setup add-admin is one because their id is on the list, which forget-me deletes too.
    const added = config.admins.includes(member.userId) ? ' You will no longer be a quiz admin added with setup add-admin.' : '';
    return confirmation(
      CONFIRM_FORGET.encode({ token }),
      token,
      '⚠️ Delete everything Backprop holds about you in this team?',
      `Your streak, points, answers, stats and reports will be deleted, and you will leave every leaderboard.${added} This cannot be undone.`,
      'Yes, forget me',
    );
  },
});

export const setup = command({
  group: 'quiz-admin',
  name: 'setup',
  description: 'Set up the daily of this channel (or the one named): time, timezone, days, pool; and quiz admins',
  options: [
    { name: 'channel', type: 'channel', description: 'Channel for the daily question (default: this one)', mentionOnly: true },
    { name: 'time', type: 'time', description: 'Time to post, HH:MM (24-hour)' },
    { name: 'timezone', type: 'timezone', description: 'IANA timezone, for example Europe/Berlin' },
    { name: 'weekdays', type: 'weekdays', description: 'Days to post: mon-fri, mon,wed,fri or every day' },
    { name: 'role', type: 'role', description: 'Role whose members are quiz admins (none to clear)', mentionOnly: true },
    { name: 'add-admin', type: 'member', description: 'Make this member a quiz admin', mentionOnly: true },
    { name: 'remove-admin', type: 'member', description: 'Remove this member from the quiz admins', named: true },
    { name: 'pack', type: 'pack', description: 'Question pack for this daily (the first daily’s is practice’s too)' },
    { name: 'topics', type: 'topics', description: 'Topics for the daily, comma-separated (all for every topic)' },
    { name: 'difficulty', type: 'difficulty-range', description: 'Difficulty of the daily: easy, easy-medium, hard… (all)' },
    { name: 'format', type: 'daily-format', description: 'choice (pick an option, default) or open (answer in your own words)' },
    { name: 'recap', type: 'switch', description: 'The weekly recap of this channel, Mondays at its time: on (default) or off' },
  ],
  async run({ engine, member, channelId }, args) {
    const { config, check } = await engine.teams.setup(
      member,
      {
        channelId: args.channel,
        time: args.time,
        timezone: args.timezone,
        weekdays: args.weekdays,
        adminRoleId: args.role,
        addAdmin: args['add-admin'],
        removeAdmin: args['remove-admin'],
        pack: args.pack,
        topics: args.topics,
        difficulty: args.difficulty,
        format: args.format,
        recap: args.recap,
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
});

export const show = command({
  group: 'quiz-admin',
  name: 'show',
  description: 'Show the quiz admins and every daily channel with its next post',
  options: [],
  async run({ engine, member }) {
    // Fresh, not the event's cached copy: an admin checking settings just changed elsewhere sees them.
    return privateReply(await settingsMessage(engine, member, await engine.teams.config(member)));
  },
});

export const reports = command({
  group: 'quiz-admin',
  name: 'reports',
  description: 'Problems members reported with questions',
  options: [],
  async run({ engine, member }) {
    return privateReply(renderReports(await engine.reports.open(member), await engine.packs.bankFor(member)));
  },
});

export const purge = command({
  group: 'quiz-admin',
  name: 'purge',
  description: "Delete all of this team's Backprop data (asks first)",
  options: [],
  async run({ engine, member }) {
    const token = await engine.confirmations.ask(member, 'purge');
    return confirmation(
      CONFIRM_PURGE.encode({ token }),
      token,
      '⚠️ Delete all of this team’s Backprop data?',
      'Settings, dailies, every member’s streak, points and answers, leaderboards, reports, suggestions and the team’s uploaded packs: all deleted at once. This cannot be undone.',
      'Yes, delete everything',
    );
  },
});
