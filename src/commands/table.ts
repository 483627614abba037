import { privateReply } from '../core/shared/messages.js';
import { type Command, command, type GroupName } from './command.js';
import { close, daily, pause, post, removeDaily, resume } from './daily.js';
import { renderHelp } from './help.js';
import { packExport, packList, packRemove, packShow, packUpload } from './packs.js';
import { interview, remind, review, start } from './practice.js';
import { round, stopRound } from './rounds.js';
import { leaderboard, stats, streak } from './standings.js';
import { suggest, suggestions } from './suggestions.js';
import { forgetMe, privacy, purge, reports, setup, show } from './team.js';

export { type Command, type CommandSpec, commandId, GROUPS, type Group, type GroupName, isGroupName, usageOf } from './command.js';
export type { OptionSpec, OptionType } from './options.js';

/** quiz help: defined here because it lists every command. */
const help = command({
  group: 'quiz',
  name: 'help',
  description: 'What Backprop can do',
  options: [],
  async run({ engine, member, isAdmin }) {
    return privateReply(renderHelp(COMMANDS, isAdmin, Object.keys((await engine.packs.bankFor(member)).allTopics()), member.platform));
  },
});

/**
 * Commands named in two words ("pack upload") are a family: Discord shows them as one subcommand group, text
 * parsing reads both words. Each family's one-line description.
 */
export const FAMILIES: Record<string, string> = { pack: 'The team’s own question packs: upload, list, show, export, remove' };

/**
 * Every command, in the order help and Discord show them. A new command is one definition in its capability's
 * file (src/commands/<capability>.ts) and one entry here.
 */
export const COMMANDS: readonly Command[] = [
  start,
  interview,
  daily,
  streak,
  leaderboard,
  stats,
  review,
  remind,
  round,
  stopRound,
  privacy,
  forgetMe,
  suggest,
  help,
  setup,
  show,
  pause,
  resume,
  post,
  close,
  removeDaily,
  packUpload,
  packList,
  packShow,
  packExport,
  packRemove,
  suggestions,
  reports,
  purge,
];

export function commandsOf(group: GroupName): Command[] {
  return COMMANDS.filter((c) => c.group === group);
}

export function findCommand(group: string, name: string): Command | undefined {
  return COMMANDS.find((c) => c.group === group && c.name === name);
}
