import { type Line, type OutMessage, spanText } from '../../core/shared/messages.js';

/** A neutral message as terminal text. Bold uses ANSI only when writing to a terminal. */
export function renderForTerminal(message: OutMessage, header: string, { ansi }: { ansi: boolean }): string {
  const bold = (s: string) => (ansi ? `\u001b[1m${s}\u001b[22m` : s);
  const dim = (s: string) => (ansi ? `\u001b[2m${s}\u001b[22m` : s);
  const lineText = (l: Line) => l.map((s) => (s.bold ? bold(spanText(s)) : spanText(s))).join('');
  const out = [dim(`┌─ ${header}`)];
  if (message.title) out.push(`│ ${bold(message.title)}`);
  for (const l of message.lines) out.push(`│ ${lineText(l)}`.trimEnd());
  if (message.buttons?.length) {
    const buttons = message.buttons.map((b) => (b.disabled ? dim(`[${b.label}]`) : `[${b.label}]`)).join(' ');
    const closed = message.buttons.every((b) => b.disabled);
    out.push(`│ ${buttons}${closed ? dim(' (closed)') : ''}`);
  }
  if (message.footer) out.push(`│ ${dim(message.footer)}`);
  out.push(dim('└─'));
  return out.join('\n');
}
