/**
 * The shell's own commands (as, in, whoami, help, exit), apart from the bot's (quiz, quiz-admin) and from button
 * labels. A line is one of them only when it has that command's exact form, because while a form waits every other
 * line is the form's answer: "as bob" switches the member, "As soon as the loss plateaus, …" is an answer.
 */

export const SHELL_HELP = [
  'Shell commands:',
  '  quiz <command> …        member commands (quiz help lists them); a leading / is optional',
  '  quiz-admin <command> …  admin commands',
  '  A, B, C, D, next, …     click that button on the latest message here that has it',
  '  #3 B                    click button B on message #3',
  '  as <name> [admin]       switch the member typing (admin: may use quiz-admin; you always may)',
  '  in #<channel>           switch the channel you type in (default #general)',
  '                          (while a form waits: /as <name>, in #<channel>, whoami, help and exit leave it',
  '                          unsent and run; other lines are its answers)',
  '  whoami                  who is typing, and where',
  '  exit                    leave (also Ctrl+D)',
].join('\n');

/** A channel name as typed ("#berlin", "berlin"): letters, digits, - and _, up to 40; undefined otherwise. */
export function channelName(typed: string): string | undefined {
  const name = typed.trim().replace(/^#/, '').toLowerCase();
  return /^[a-z0-9_-]{1,40}$/.test(name) ? name : undefined;
}

/** A channel named in a command option (#berlin, berlin, <#berlin>): its id, the shell's ids being names. */
export function shellChannelReference(typed: string): string | undefined {
  return channelName(typed.trim().replace(/^<#([^>|]*)(\|[^>]*)?>$/, '$1'));
}

export type ShellWord =
  | { kind: 'exit' }
  | { kind: 'help' }
  | { kind: 'whoami' }
  | { kind: 'in'; channel: string }
  | { kind: 'as'; name: string; admin: boolean }
  /** "as" or "in" without a form the shell can use: how to type it (unless a form waits: then it is an answer). */
  | { kind: 'usage'; usage: string };

/**
 * Whether a shell command typed while a form waits leaves the form for it. A one-word command does; "as" and
 * "in" only typed with their slash (/as bob, /in #berlin), or "in" with a #channel: "In training" or "As expected"
 * is an answer, not a switch of channel or member.
 */
export function endsForm(text: string, word: ShellWord): boolean {
  if (word.kind === 'exit' || word.kind === 'help' || word.kind === 'whoami') return true;
  if (word.kind === 'usage') return false;
  const typed = text.trim();
  return typed.startsWith('/') || (word.kind === 'in' && /^\S+\s+#/.test(typed));
}

/** The shell command a typed line is (its first word may start with "/", as quiz's may), or undefined. */
export function shellWord(text: string): ShellWord | undefined {
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const word = first.replace(/^\//, '').toLowerCase();
  if (rest.length === 0 && (word === 'exit' || word === 'quit')) return { kind: 'exit' };
  if (rest.length === 0 && word === 'help') return { kind: 'help' };
  if (rest.length === 0 && word === 'whoami') return { kind: 'whoami' };
  if (word === 'in') {
    const channel = rest.length === 1 ? channelName(rest[0]!) : undefined;
    return channel ? { kind: 'in', channel } : { kind: 'usage', usage: 'Usage: in #<channel> (letters, digits, - and _; up to 40)' };
  }
  if (word === 'as') {
    const [name, role] = rest;
    if (!name || rest.length > 2 || (role !== undefined && role !== 'admin')) return { kind: 'usage', usage: 'Usage: as <name> [admin]' };
    return { kind: 'as', name, admin: role === 'admin' };
  }
  return undefined;
}
