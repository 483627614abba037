import type { types } from '@slack/bolt';
import type { Button, ButtonStyle, Line, OutMessage, Span } from '../../core/shared/messages.js';
import { buttonsAmongLines, cleanName, cleanText, spanText } from '../../core/shared/messages.js';
import type { SlackImage } from './pictures.js';

/** Slack's limits (see the platform notes). */
export const LIMITS = { header: 150, section: 3000, buttonText: 75, blocks: 50, fallback: 3000, altText: 2000 } as const;

export type Block = types.KnownBlock;
export interface SlackPayload {
  /** Notification and screen-reader text; Slack requires it next to blocks. */
  text: string;
  blocks: Block[];
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * Content is escaped for mrkdwn: &, < and > (so no <!channel>, <@U…> or link can come from content), and the
 * formatting characters are fenced with zero-width spaces so a question's "x*y*z" cannot turn bold.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([*_~`])/g, '\u200b$1\u200b');
}

/** Slack's own limit on a display name. */
const NAME_MAX = 80;

/**
 * The one escaping of outside text for Slack: controls and bidi overrides out, names on one line and cut to
 * Slack's length, then mrkdwn escaped (see escapeMrkdwn: no mention, link or formatting can come from it).
 */
export function escapeSlack(text: string, name = false): string {
  return escapeMrkdwn(name ? cleanName(text, NAME_MAX) : cleanText(text));
}

function spanMrkdwn(s: Span): string {
  if (s.ref === 'channel') return `<#${s.text}>`;
  if (s.ref === 'user') return `<@${s.text}>`;
  if (s.ref === 'role') return escapeMrkdwn(spanText(s)); // Slack has no roles
  if (s.ref === 'time') return `<!date^${Math.round(Number(s.text) / 1000)}^{time_secs}|${spanText(s)}>`; // in each reader's time zone
  if (s.ref === 'datetime') return `<!date^${Math.round(Number(s.text) / 1000)}^{date_short_pretty} at {time}|${spanText(s)}>`; // "tomorrow at 9:30 AM"
  const text = escapeSlack(s.text, s.name);
  if (text.trim() === '' || (!s.bold && !s.italic)) return text;
  const [, lead, core, trail] = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
  const mark = s.bold ? '*' : '_';
  return `${lead}${mark}${core}${mark}${trail}`;
}

export const lineMrkdwn = (line: Line) => line.map(spanMrkdwn).join('');

/** Paragraphs into section blocks of at most 3000 characters each, split at line ends. */
function sections(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  let chunk = '';
  const flush = () => {
    if (chunk.trim() !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: chunk } });
    chunk = '';
  };
  for (const l of lines) {
    const text = clip(lineMrkdwn(l), LIMITS.section) || ' ';
    if (chunk.length + text.length + 1 > LIMITS.section) flush();
    chunk = chunk === '' ? text : `${chunk}\n${text}`;
  }
  flush();
  return blocks;
}

/** Slack has two button colours: "success" (approve) shows as primary, green too. */
const SLACK_STYLE: Partial<Record<ButtonStyle, 'primary' | 'danger'>> = { primary: 'primary', success: 'primary', danger: 'danger' };

/** Buttons in actions blocks of at most 25 (Slack's limit). */
function actionBlocks(buttons: readonly Button[]): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < buttons.length; i += 25) {
    blocks.push({
      type: 'actions',
      elements: buttons.slice(i, i + 25).map((b) => {
        const style = SLACK_STYLE[b.style ?? 'secondary'];
        return {
          type: 'button',
          action_id: b.actionId,
          text: { type: 'plain_text', text: clip(b.label, LIMITS.buttonText), emoji: true },
          value: b.label,
          ...(style ? { style } : {}),
        };
      }),
    });
  }
  return blocks;
}

/**
 * A neutral message as Block Kit. Slack buttons cannot be disabled: a message whose buttons are all disabled
 * (the closed daily) simply has none.
 */
export function renderSlack(message: OutMessage, image?: SlackImage): SlackPayload {
  const blocks: Block[] = [];
  if (message.title)
    blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(cleanText(message.title), LIMITS.header), emoji: true } });
  const parts = buttonsAmongLines(
    message.lines,
    (message.buttons ?? []).filter((b) => !b.disabled),
  );
  for (const [i, part] of parts.entries()) {
    // A part after buttons starts a block of its own: the blank line that separated it from them is not needed.
    const start = i === 0 ? 0 : part.lines.findIndex((l) => l.some((s) => s.text.trim() !== ''));
    blocks.push(...sections(start < 0 ? [] : part.lines.slice(start)));
    // The picture, uploaded beforehand (see pictures.ts), under the text and above the buttons.
    if (image && i === parts.length - 1)
      blocks.push({ type: 'image', slack_file: { id: image.fileId }, alt_text: clip(cleanText(image.alt), LIMITS.altText) });
    blocks.push(...actionBlocks(part.buttons));
  }
  if (message.footer) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(message.footer) }] });
  const plain = (s: Span) => (s.name ? cleanName(spanText(s), NAME_MAX) : cleanText(spanText(s)));
  const fallback = [message.title && cleanText(message.title), ...message.lines.map((l) => l.map(plain).join(''))]
    .filter(Boolean)
    .join('\n');
  return { text: clip(escapeMrkdwn(fallback), LIMITS.fallback), blocks: blocks.slice(0, LIMITS.blocks) };
}
