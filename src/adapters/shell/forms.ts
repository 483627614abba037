import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { isGroupName } from '../../commands/table.js';
import type { Logger } from '../../core/ports/logger.js';
import type { FormInput, FormRequest, InFile, OutFile, OutMessage } from '../../core/shared/messages.js';
import type { Pictures } from '../../pictures/pictures.js';
import { drawPicture } from '../pictures.js';

/** Where the shell writes the files a reply carries (a pack exported, a picture). */
export const SHELL_FILES_DIR = 'data/files';
/** Where the shell writes pictures unless PICTURES_DIR says otherwise. */
export const DEFAULT_PICTURES_DIR = 'data/pictures';

/** A file on this machine, named by a path the member typed, read only when the command asks for its bytes. */
export function localFile(path: string): InFile {
  const full = resolve(path);
  let size = 0;
  try {
    size = statSync(full).size;
  } catch {
    // Reading it says what is wrong: no such file, or not readable.
  }
  return {
    name: basename(full),
    size,
    read: async () => {
      try {
        return new Uint8Array(readFileSync(full));
      } catch (error) {
        throw new Error(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    },
  };
}

/** Writes a reply's files into SHELL_FILES_DIR and returns their paths (an existing file of that name is replaced). */
export function saveFiles(files: readonly OutFile[], dir = SHELL_FILES_DIR): string[] {
  if (files.length === 0) return [];
  mkdirSync(dir, { recursive: true });
  return files.map((file) => {
    const path = join(dir, basename(file.name));
    writeFileSync(path, file.data);
    return path;
  });
}

/** Without a logger (tests), a picture that cannot be drawn is only shown as its alt text. */
const silentLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };

/**
 * A message as the terminal shows it: its files written under data/files and its picture under PICTURES_DIR, the
 * message saying where, with the picture's alt text (what it shows, for whoever does not open it).
 */
export async function withSavedFiles(
  message: OutMessage,
  pictures: Pictures,
  options: { picturesDir?: string; log?: Logger },
): Promise<OutMessage> {
  const drawn = await drawPicture(pictures, message, options.log ?? silentLog);
  const lines = [...drawn.message.lines];
  const log = options.log ?? silentLog;
  const paths = savedOrSaid(() => saveFiles(message.files ?? []), SHELL_FILES_DIR, log);
  if (typeof paths === 'string') lines.push([], [{ text: `📎 ${paths}` }]);
  else if (paths.length) lines.push([], ...paths.map((p) => [{ text: `📎 Saved to ${p}` }]));
  if (drawn.picture) {
    const dir = options.picturesDir ?? DEFAULT_PICTURES_DIR;
    const saved = savedOrSaid(() => saveFiles([drawn.picture!.file], dir), dir, log);
    const where = typeof saved === 'string' ? saved : `Picture: ${saved[0]}`;
    lines.push([], [{ text: `🖼️ ${where}` }], [{ text: `   ${drawn.picture.alt}`, italic: true }]);
  }
  return { ...drawn.message, lines };
}

/**
 * Files written, or, when the folder cannot be written (no permission, a full disk), why not: the message is shown
 * without them, as a picture that cannot be drawn is (logged at warn level), and the session goes on.
 */
function savedOrSaid(save: () => string[], dir: string, log: Logger): string[] | string {
  try {
    return save();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    log.warn({ err: error, dir }, 'could not write a file of a message in the terminal');
    return `Not saved: ${dir} cannot be written (${code}).`;
  }
}

/**
 * A form in the terminal: each field is asked for in turn (its label is the prompt), a field of several lines
 * (FormField.lines) one line after another, a file form asks for a path; the last answer completes it. What a
 * member types goes to the form only while it is theirs.
 */
export class PendingForm {
  private readonly values: Record<string, string> = {};
  private index = 0;
  /** The lines typed so far of a field of several lines. */
  private lines: string[] = [];

  constructor(
    readonly form: FormRequest,
    readonly userId: string,
    /** The channel the form was opened in: its answers are that channel's event. */
    readonly channelId: string,
  ) {}

  /** The prompt for the next line. */
  get prompt(): string {
    if (this.form.file) return `${this.form.file.label} (a path to the file, or "cancel"):`;
    const field = this.form.fields[this.index]!;
    const count = field.lines ?? 1;
    if (this.lines.length > 0) return `${field.label}: line ${this.lines.length + 1} of ${count} ("cancel" stops):`;
    const optional = field.optional ? ', or "-" to leave it empty' : '';
    const current = field.value ? ` [now: ${field.value.replace(/\n/g, ' / ')}; "=" keeps it]` : '';
    const how = `${count > 1 ? `${count} lines, Enter after each` : 'one line'}, at most ${field.maxLength} characters`;
    return `${field.label}${current} (${how}${optional}; "cancel" stops):`;
  }

  /**
   * Why this line cannot be the field's (too long: the form stays open and asks again, as a modal refuses to
   * take more), or undefined.
   */
  problem(line: string): string | undefined {
    const field = this.form.file ? undefined : this.form.fields[this.index];
    if (!field || line.trim().toLowerCase() === 'cancel') return undefined;
    const length = [...this.lines, ...line.split('\\n')].join('\n').length;
    if (length <= field.maxLength) return undefined;
    return `That is ${length} characters; "${field.label}" takes at most ${field.maxLength}. Nothing was sent: type it again, shorter.`;
  }

  /** Takes one typed line: undefined while more lines or fields are to come, else what the form submits. */
  take(line: string): FormInput | undefined {
    if (this.form.file)
      return { text: line, values: { text: line }, files: line.trim().toLowerCase() === 'cancel' ? [] : [localFile(line.trim())] };
    const field = this.form.fields[this.index]!;
    if (line.trim().toLowerCase() === 'cancel') return { text: 'cancel', values: { ...this.values, [field.id]: 'cancel' }, files: [] };
    const first = this.lines.length === 0;
    if (first && line === '=' && field.value !== undefined) this.values[field.id] = field.value;
    else if (first && line === '-' && field.optional) this.values[field.id] = '';
    else {
      // "\n" typed in a line still stands for a line break, as it did before fields took several lines.
      this.lines.push(...line.split('\\n'));
      if (this.lines.length < (field.lines ?? 1)) return undefined;
      this.values[field.id] = this.lines.join('\n');
      this.lines = [];
    }
    this.index += 1;
    if (this.index < this.form.fields.length) return undefined;
    return { text: this.values[this.form.fields[0]!.id] ?? '', values: this.values, files: [] };
  }
}

/** "quiz …" or "quiz-admin …" with a subcommand: a command, never a form's answer. */
export function isCommandLine(text: string): boolean {
  const [first = '', second] = text.trim().split(/\s+/);
  return isGroupName(first.replace(/^\//, '').toLowerCase()) && second !== undefined;
}
