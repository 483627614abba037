import type { GroupName } from '../commands/command.js';
import { b, type InFile, line, type OutMessage, t } from '../core/shared/messages.js';
import type { MemberRef, TeamRef } from '../core/shared/refs.js';

/**
 * A platform event, already turned neutral by its adapter. `mayRestore`: asked only when the event comes from a
 * team the bot was removed from, whether the event may bring it back (absent: it may).
 */
export type Inbound = InboundEvent & { mayRestore?: () => Promise<boolean> };

type InboundEvent =
  /** A command whose options the platform already separated (Discord slash commands), with any files attached. */
  | {
      kind: 'command';
      member: MemberRef;
      channelId: string;
      group: GroupName;
      name: string;
      raw: Record<string, string>;
      files?: Record<string, InFile>;
    }
  /**
   * A command as text after the group name (Slack "/quiz start cnn", the shell). `openFile`: where a file option
   * may name a file the platform can read (the shell: a path). `memberId`: where members are named by name rather
   * than by id (the shell), the id a typed name stands for. `channelNamed`: the same for channels (the shell's
   * channel ids are their names: "#berlin" is berlin).
   */
  | {
      kind: 'text';
      member: MemberRef;
      channelId: string;
      group: GroupName;
      text: string;
      openFile?: (path: string) => InFile;
      memberId?: (typed: string, option: string) => string | undefined;
      channelNamed?: (typed: string) => string | undefined;
    }
  | { kind: 'action'; member: MemberRef; channelId: string; actionId: string }
  /**
   * What a member filled into a form (a modal, shell prompts) that a reply asked for: the first field's text, every
   * field by id, and the file given to a file form.
   */
  | {
      kind: 'submit';
      member: MemberRef;
      channelId: string;
      actionId: string;
      text: string;
      values?: Record<string, string>;
      files?: InFile[];
    };

/** What an adapter saw happen to a whole team. */
export type TeamEvent = { kind: 'joined'; team: TeamRef } | { kind: 'removed'; team: TeamRef };

export const GENERIC_FAILURE = 'Something went wrong on our side. It has been logged; please try again in a moment.';

/** What a member hears while the store is unreachable: each write is atomic, so nothing was half done. */
export const STORE_UNAVAILABLE = '⏳ Backprop cannot reach its storage right now, so nothing was changed. Please try again shortly.';

/** What a member hears from a process that is shutting down: nothing was done, so trying again is safe. */
export const RESTARTING = '⏸️ Backprop is restarting and did not take this. Please try again in a minute.';

/** What a member hears when what they asked for rests on a record that cannot be read. */
export function damaged(error: { what: string }): string {
  return `⚠️ Backprop cannot read ${error.what} it needs for this (the record is damaged), so nothing was changed. It has been logged for the operator; the rest of Backprop works as usual.`;
}

/** What admins hear, at every command, while the team's settings cannot be read. */
export function settingsDamaged(problem: string): string {
  return `⚠️ This team's settings could not be read (${problem}), so Backprop is running on the defaults (no added quiz admins or admin role, the default timezone for leaderboards); the daily channels go on. Run quiz-admin setup to set them again.`;
}

/** The welcome when the bot joins a team, and at the first command before setup. */
export function welcome(): OutMessage {
  return {
    title: '👋 Backprop: deep-learning interview practice',
    lines: [
      line(
        t('The daily question is not set up here yet: an admin runs '),
        b('quiz-admin setup'),
        t(' in the channel it should go to (optionally with a time and timezone).'),
      ),
      line(t('Anyone can practise right away with '), b('quiz start'), t('; '), b('quiz help'), t(' lists everything.')),
    ],
    tone: 'info',
  };
}

/** What the logs say about an event: ids and names, never message content or tokens. */
export function describe(event: Inbound) {
  const { member } = event;
  const who = { platform: member.platform, teamId: member.teamId, userId: member.userId, channelId: event.channelId };
  if (event.kind === 'action' || event.kind === 'submit') return { ...who, kind: event.kind, actionId: event.actionId.slice(0, 100) };
  if (event.kind === 'text') {
    // Only the subcommand word: the rest is the member's free text.
    const word = /^[a-z-]{1,32}/i.exec(event.text.trim())?.[0] ?? '';
    return { ...who, kind: event.kind, command: `${event.group} ${word}`.trim() };
  }
  return { ...who, kind: event.kind, command: `${event.group} ${event.name}` };
}
