/**
 * Neutral messages. Content (question text, member names) is kept apart from formatting so that each
 * adapter escapes it for its own markup: nothing a member typed or a pack contains can become a mention
 * or markup on any platform.
 */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /**
   * The text is a platform id to show as a reference (a channel link, a member, a role), never as a ping; or an
   * instant (ms since the epoch) that clients show in each reader's own time where they can: 'time' for one
   * within the next minutes (a deadline: the time of day says it all), 'datetime' for one that may be days away
   * (a review's due date: shown with its date).
   */
  ref?: 'channel' | 'user' | 'role' | 'time' | 'datetime';
  /**
   * The text is a person's name as the platform or the member gave it: shown on one line, isolated from the
   * text around it, and cut to the platform's length for names (see cleanName).
   */
  name?: true;
}
/** One paragraph line made of spans; an empty array is a blank line. */
export type Line = Span[];

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';
export interface Button {
  actionId: string;
  label: string;
  style?: ButtonStyle;
  disabled?: boolean;
  /**
   * Shown right after the message's line of this index where the platform can put buttons among the text (Slack,
   * the terminal), so that a list's buttons sit under their item; Discord shows every button under the message.
   */
  afterLine?: number;
}

/**
 * The message's lines and buttons in the order Slack and the terminal show them: each button after its line
 * (Button.afterLine), the others, and any whose line is past the end, after the last line.
 */
export function buttonsAmongLines(lines: readonly Line[], buttons: readonly Button[]): { lines: Line[]; buttons: Button[] }[] {
  const anchored = new Map<number, Button[]>();
  const last: Button[] = [];
  for (const button of buttons) {
    const at = button.afterLine;
    if (at === undefined || at < 0 || at >= lines.length - 1) last.push(button);
    else anchored.set(at, [...(anchored.get(at) ?? []), button]);
  }
  const parts: { lines: Line[]; buttons: Button[] }[] = [];
  let from = 0;
  for (const at of [...anchored.keys()].sort((a, b) => a - b)) {
    parts.push({ lines: lines.slice(from, at + 1), buttons: anchored.get(at)! });
    from = at + 1;
  }
  parts.push({ lines: lines.slice(from), buttons: last });
  return parts;
}

export type Tone = 'neutral' | 'success' | 'failure' | 'warning' | 'info';

/** A file sent with a message: a pack exported, a picture. */
export interface OutFile {
  name: string;
  data: Uint8Array;
  /** What it is (image/png, text/csv…), for platforms that show it. */
  mimeType: string;
}

/** A file a member gave (an upload): its name and size, and its bytes, fetched only when asked for. */
export interface InFile {
  name: string;
  /** In bytes, as the platform reported it (checked again once read). */
  size: number;
  read(): Promise<Uint8Array>;
}

/**
 * What a picture is drawn from, as plain data (the engine never draws: src/pictures turns it into a PNG, off the
 * event loop, and caches it by content). A chart is a Vega-Lite specification with its data inline; an image is
 * a pack's own PNG or SVG file, read when the pack loaded.
 */
export type PictureSource = { chart: Record<string, unknown> } | { image: { format: 'png' | 'svg'; data: Uint8Array } };

/** The message's picture: shown in it (an embed's image, an image block), with its alt text for screen readers. */
export interface Picture {
  /** The file's name without extension (".png" is added): letters, digits and hyphens. */
  name: string;
  /** What the picture shows, in words: screen readers read it, and the terminal prints it. */
  alt: string;
  source: PictureSource;
}

export interface OutMessage {
  title?: string;
  lines: Line[];
  buttons?: Button[];
  footer?: string;
  tone?: Tone;
  /** Files that go with the message (attachments on Discord, uploads on Slack, files written in the shell). */
  files?: OutFile[];
  /** The message's picture (a question's figure, a stat card), drawn by the adapter that shows it. */
  image?: Picture;
}

/** One field of a form. */
export interface FormField {
  /** The key of its value in the submit. */
  id: string;
  /** At most 45 characters (Discord's limit). */
  label: string;
  /** Several lines (a paragraph) rather than one. */
  long?: boolean;
  /**
   * How many lines it holds, when that is fixed (three wrong answers, one per line): the terminal asks for each
   * line in turn. Discord and Slack show the field as its `long` says; the count is in the label for them.
   */
  lines?: number;
  maxLength: number;
  /** Optional fields may be left empty. */
  optional?: boolean;
  /** What the field holds when the form opens (editing a suggestion). */
  value?: string;
}

/**
 * A form (a modal on Discord and Slack, prompts in the shell): one to five text fields, or one file. Its answer
 * comes back as a submit with the same action id.
 */
export interface FormRequest {
  /** The action id the submitted values arrive with. */
  actionId: string;
  /** At most 24 characters (Slack's limit). */
  title: string;
  fields: FormField[];
  /** Asks for a file instead of text (Slack: a file input; the shell: a path; Discord: the command's file option). */
  file?: { label: string; maxBytes: number; extensions: readonly string[] };
}

/** What a submitted form holds: each field's text by id (the first field's also as `text`), or the file given. */
export interface FormInput {
  text: string;
  values: Record<string, string>;
  files: InFile[];
}

/** What a command or a click answers with. */
export interface Reply {
  message: OutMessage;
  /** private: only the member sees it (ephemeral); public: the channel sees it. */
  visibility: 'private' | 'public';
  /** Replace the message whose button was clicked, instead of sending a new one (the practice flow). */
  replace?: boolean;
  /** Ask for a line of text instead (where a form cannot be shown, `message` says so). */
  form?: FormRequest;
  /** The member's command was refused as typed (unknown, misused, not theirs): counted as a user error. */
  mistake?: true;
  /** A form's answers refused: each field's problem by field id (a Slack modal stays open and shows them). */
  formProblems?: Record<string, string>;
}

export const t = (text: string): Span => ({ text });
export const b = (text: string): Span => ({ text, bold: true });
export const i = (text: string): Span => ({ text, italic: true });
/** A person's name (see Span.name). */
export const nm = (text: string): Span => ({ text, name: true });
export const ref = (kind: NonNullable<Span['ref']>, id: string): Span => ({ text: id, ref: kind });
export const line = (...spans: (Span | string)[]): Line => spans.map((s) => (typeof s === 'string' ? t(s) : s));

/** The message as plain text: for logs, the shell and tests. */
export function plainText(message: OutMessage): string {
  const parts: string[] = [];
  if (message.title) parts.push(message.title);
  for (const l of message.lines) parts.push(l.map(spanText).join(''));
  if (message.footer) parts.push(message.footer);
  return parts.join('\n');
}

const REF_PREFIX = { channel: '#', user: '@', role: '@' } as const;
export function spanText(s: Span): string {
  if (s.ref === 'time') return `${new Date(Number(s.text)).toISOString().slice(11, 19)} UTC`;
  if (s.ref === 'datetime') return `${new Date(Number(s.text)).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  // A role reads as what it is ("@devs (role)"), not as the markup a platform would write for it.
  if (s.ref === 'role') return `@${s.text} (role)`;
  return s.ref ? `${REF_PREFIX[s.ref]}${s.text}` : s.text;
}

export const privateReply = (message: OutMessage): Reply => ({ message, visibility: 'private' });
export const replaceReply = (message: OutMessage): Reply => ({ message, visibility: 'private', replace: true });

/**
 * Characters that change how the text around them reads: C0 and C1 controls (newlines, escapes), and the
 * bidirectional embeddings, overrides and isolates (U+202E would reverse the rest of a line).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's whole purpose.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;

/** Text from outside (a question, a report) as every platform shows it: controls and bidi overrides out. */
export function cleanText(text: string): string {
  return text.replace(CONTROL, ' ').replace(BIDI, '');
}

/**
 * A name as every platform shows it: on one line, without controls or bidi overrides, spaces collapsed, cut to
 * `max` characters; a right-to-left name is isolated (U+2068 … U+2069) so that it cannot reorder what follows.
 */
export function cleanName(text: string, max: number): string {
  const flat = cleanText(text).replace(/\s+/g, ' ').trim();
  const cut = [...flat].length > max ? `${[...flat].slice(0, max - 1).join('')}…` : flat;
  return RTL.test(cut) ? `\u2068${cut}\u2069` : cut || '(no name)';
}
