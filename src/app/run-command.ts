import type { CommandContext } from '../commands/command.js';
import { renderCommandHelp, renderHelp } from '../commands/help.js';
import { type ArgContext, coerceArgs } from '../commands/options.js';
import { COMMANDS, type CommandSpec, findCommand, GROUPS, type GroupName, usageOf } from '../commands/table.js';
import { isActive } from '../core/daily/channel-model.js';
import { type InFile, line, privateReply, type Reply, ref, t } from '../core/shared/messages.js';
import { unreadableLine } from '../core/team/settings-view.js';
import { settingsDamaged, welcome } from './inbound.js';

const ADMINS_ONLY =
  '⛔ Only quiz admins can do that: members with Manage Server (Discord) or workspace admins (Slack), the quiz-admin role, or members added with quiz-admin setup add-admin.';

/**
 * One command, from its name and raw options to its reply: the permission check (from the group), argument
 * validation (from the options), the handler, and what admins and newcomers are told besides.
 */
export async function runCommand(
  ctx: CommandContext,
  group: string,
  name: string,
  raw: Record<string, string>,
  args: ArgContext,
  files: Record<string, InFile> = {},
): Promise<Reply> {
  const command = findCommand(group, name);
  if (!command)
    return mistake(
      privateReply(renderHelp(COMMANDS, ctx.isAdmin, args.topics, ctx.member.platform, `"${name}" is not a ${group} command`)),
    );
  if (GROUPS[command.group].admin && !ctx.isAdmin) return mistake(privateReply({ lines: [line(t(ADMINS_ONLY))], tone: 'failure' }));
  const values = coerceArgs(command, raw, args, files);
  if (!values.ok) return usageProblem(ctx, command, values.error);
  const reply = await command.run(ctx, values.values);
  // Admins hear about settings that could not be read at every command, until setup writes them again.
  if (ctx.isAdmin && ctx.config.damaged !== undefined && command.name !== 'setup') {
    reply.message.lines.push([], line(t(settingsDamaged(ctx.config.damaged))));
  }
  const { channels, unreadable } =
    command.name === 'setup' ? { channels: [], unreadable: [] } : await ctx.engine.channels.cachedSurvey(ctx.member);
  // Admins hear about a broken daily channel at their next command, until setup there fixes it.
  if (ctx.isAdmin && command.name !== 'show') {
    for (const { channelId, attention } of channels.filter(isActive)) {
      if (!attention) continue;
      const why = t(` needs attention: ${attention.reason} Run quiz-admin setup there once it is fixed.`);
      reply.message.lines.push([], line(t('⚠️ The daily question in '), ref('channel', channelId), why));
    }
    for (const channelId of unreadable) reply.message.lines.push([], unreadableLine(channelId));
  }
  // The first command anyone uses in a team that is not set up says how the daily gets set up.
  if (command.name !== 'setup' && channels.length + unreadable.length === 0 && (await ctx.engine.teams.firstContact(ctx.member))) {
    reply.message.lines.push([], ...welcome().lines);
  }
  return reply;
}

/** Words a command cannot take: the problem and the command's usage (for an admin command, only to an admin). */
export function usageProblem(ctx: CommandContext, command: CommandSpec, error: string): Reply {
  if (GROUPS[command.group].admin && !ctx.isAdmin) return mistake(privateReply({ lines: [line(t(ADMINS_ONLY))], tone: 'failure' }));
  const usage = [line(t(`⚠️ ${error}`)), line(t(`Usage: ${usageOf(command)}`))];
  // Discord lists each option's description as it is typed; typed text needs to be told where to find them.
  if (ctx.member.platform !== 'discord' && command.options.length > 0)
    usage.push(line(t(`What each option takes: ${helpCommandOf(command)}`)));
  return mistake(privateReply({ lines: usage, tone: 'warning' }));
}

/** The words that show a command's options ("quiz-admin help setup"). */
const helpCommandOf = (command: CommandSpec) => `${command.group} help ${command.name}`;

/** "help <command>": its options explained; an admin command's only to quiz admins. */
export function commandHelp(ctx: CommandContext, group: GroupName, commands: readonly CommandSpec[]): Reply {
  if (GROUPS[group].admin && !ctx.isAdmin) return mistake(privateReply({ lines: [line(t(ADMINS_ONLY))], tone: 'failure' }));
  return privateReply(renderCommandHelp(commands, ctx.member.platform));
}

/** A reply to a command refused as typed: /metrics counts it as the member's mistake, not as served. */
export const mistake = (reply: Reply): Reply => ({ ...reply, mistake: true });
