import { buttonsAmongLines, cleanName, cleanText, type Line, type OutMessage, type Span, spanText } from '../../core/shared/messages.js';
import { SHELL_NAME_MAX } from './member-names.js';

/** The one escaping of outside text for the terminal: no control character (no escape sequence) gets through. */
export function escapeTerminal(s: Span): string {
  const text = spanText(s);
  return s.name ? cleanName(text, SHELL_NAME_MAX) : cleanText(text);
}

/** A neutral message as terminal text. Bold uses ANSI only when writing to a terminal. */
export function renderForTerminal(message: OutMessage, header: string, { ansi }: { ansi: boolean }): string {
  const bold = (s: string) => (ansi ? `\u001b[1m${s}\u001b[22m` : s);
  const dim = (s: string) => (ansi ? `\u001b[2m${s}\u001b[22m` : s);
  const lineText = (l: Line) => l.map((s) => (s.bold ? bold(escapeTerminal(s)) : escapeTerminal(s))).join('');
  const out = [dim(`┌─ ${header}`)];
  if (message.title) out.push(`│ ${bold(cleanText(message.title))}`);
  const closed = (message.buttons ?? []).length > 0 && message.buttons!.every((b) => b.disabled);
  const parts = buttonsAmongLines(message.lines, message.buttons ?? []);
  // Said once, after the last row of buttons.
  const lastRow = parts.findLastIndex((part) => part.buttons.length > 0);
  parts.forEach((part, i) => {
    for (const l of part.lines) out.push(`│ ${lineText(l)}`.trimEnd());
    if (part.buttons.length === 0) return;
    const buttons = part.buttons.map((b) => (b.disabled ? dim(`[${cleanText(b.label)}]`) : `[${cleanText(b.label)}]`)).join(' ');
    out.push(`│ ${buttons}${closed && i === lastRow ? dim(' (closed)') : ''}`);
  });
  if (message.footer) out.push(`│ ${dim(cleanText(message.footer))}`);
  out.push(dim('└─'));
  return out.join('\n');
}
