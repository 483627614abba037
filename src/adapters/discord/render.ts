import { type APIActionRowComponent, type APIButtonComponent, type APIEmbed, ButtonStyle, ComponentType, escapeMarkdown } from 'discord.js';
import { type Button, cleanName, cleanText, type Line, type OutMessage, type Span, type Tone } from '../../core/shared/messages.js';
import type { DrawnPicture } from '../pictures.js';

/** Discord's limits (see the platform notes): what a message may hold. */
export const LIMITS = { title: 256, description: 4096, footer: 2048, label: 80, buttonsPerRow: 5, rows: 5 } as const;

const COLORS: Record<Tone, number> = {
  neutral: 0x99aab5,
  info: 0x5865f2,
  success: 0x57f287,
  failure: 0xed4245,
  warning: 0xfee75c,
};

const STYLES: Record<
  NonNullable<Button['style']>,
  ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger
> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/**
 * A message's files as the REST client uploads them (multipart, beside the JSON body), its picture last with its
 * alt text as the attachment's description (what Discord's clients read out).
 */
export function discordFiles(message: OutMessage, picture?: DrawnPicture): { name: string; data: Buffer; description?: string }[] {
  const files: { name: string; data: Buffer; description?: string }[] = (message.files ?? []).map((f) => ({
    name: f.name,
    data: Buffer.from(f.data),
  }));
  if (picture) files.push({ name: picture.file.name, data: Buffer.from(picture.file.data), description: clip(picture.alt, 1024) });
  return files;
}

/** The attachments list of a raw REST body: the files sent, by index, each with its description. */
export function attachmentsOf(files: readonly { name: string; description?: string }[]) {
  return files.map((f, id) => ({ id, filename: f.name, ...(f.description ? { description: f.description } : {}) }));
}

/** The body of a Discord message (channel post, interaction reply or edit) for a neutral message. */
export interface DiscordPayload {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  /** Nobody is ever pinged by what Backprop posts: content may contain names and ids. */
  allowed_mentions: { parse: [] };
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Content is escaped so that a question or a name can never become markup, a link or a mention. */
/** Discord's own limit on a display name or nickname. */
const NAME_MAX = 32;

/**
 * The one escaping of outside text (names, questions, reports) for Discord: controls and bidi overrides out,
 * names on one line and cut to Discord's length, markdown (masked links too, and for names headings and lists)
 * escaped, and no mention, role, channel or timestamp syntax left: a zero-width space follows every "<", and
 * @everyone and @here are broken the same way.
 */
export function escapeDiscord(text: string, name = false): string {
  const clean = name ? cleanName(text, NAME_MAX) : cleanText(text);
  const options = name ? { maskedLink: true, heading: true, bulletedList: true, numberedList: true } : { maskedLink: true };
  return escapeMarkdown(clean, options)
    .replace(/</g, '<\u200b')
    .replace(/@(everyone|here)/g, '@\u200b$1');
}

/** Plain text fields (a title, a footer) render no markdown, but break mention syntax and controls there too. */
const plainDiscord = (text: string) =>
  cleanText(text)
    .replace(/</g, '<\u200b')
    .replace(/@(everyone|here)/g, '@\u200b$1');

function spanMarkdown(s: Span): string {
  if (s.ref === 'channel') return `<#${s.text}>`;
  if (s.ref === 'user') return `<@${s.text}>`;
  if (s.ref === 'role') return `<@&${s.text}>`;
  if (s.ref === 'time' || s.ref === 'datetime') return `<t:${Math.round(Number(s.text) / 1000)}:R>`; // shown relative ("in 2 days"), in each reader's time
  const text = escapeDiscord(s.text, s.name);
  if (text.trim() === '' || (!s.bold && !s.italic)) return text;
  // Markdown emphasis must hug the text: "** x**" is not bold, so spaces go outside the markers.
  const [, lead, core, trail] = /^(\s*)(.*?)(\s*)$/s.exec(text)!;
  const mark = s.bold ? '**' : '*';
  return `${lead}${mark}${core}${mark}${trail}`;
}

export function lineMarkdown(line: Line): string {
  return line.map(spanMarkdown).join('');
}

/** `picture`: the message's picture, drawn; the embed shows it from the message's own attachment of that name. */
export function renderDiscord(message: OutMessage, picture?: DrawnPicture): DiscordPayload {
  const embed: APIEmbed = {
    color: COLORS[message.tone ?? 'neutral'],
    description: clip(message.lines.map(lineMarkdown).join('\n'), LIMITS.description) || '\u200b',
  };
  if (picture) embed.image = { url: `attachment://${picture.file.name}` };
  // Titles render some markdown: escaped like any outside text (our own titles hold no markup).
  if (message.title) embed.title = clip(escapeDiscord(message.title), LIMITS.title);
  if (message.footer) embed.footer = { text: clip(plainDiscord(message.footer), LIMITS.footer) };
  const buttons = (message.buttons ?? []).slice(0, LIMITS.buttonsPerRow * LIMITS.rows);
  const components: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    components.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + LIMITS.buttonsPerRow).map((b) => ({
        type: ComponentType.Button,
        custom_id: b.actionId,
        label: clip(b.label, LIMITS.label),
        style: STYLES[b.style ?? 'secondary'],
        disabled: b.disabled ?? false,
      })),
    });
  }
  return { embeds: [embed], components, allowed_mentions: { parse: [] } };
}
