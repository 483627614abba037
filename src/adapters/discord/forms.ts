import {
  type APIModalInteractionResponseCallbackData,
  ApplicationCommandOptionType,
  type ChatInputCommandInteraction,
  type CommandInteractionOption,
  ComponentType,
  type ModalSubmitInteraction,
  TextInputStyle,
} from 'discord.js';
import type { FormRequest, InFile } from '../../core/shared/messages.js';

/** Discord's limit on a modal's title and a field's label. */
const MODAL_TEXT_MAX = 45;

/** A neutral form as a Discord modal: one text input per field (Discord allows five). */
export function discordModal(form: FormRequest): APIModalInteractionResponseCallbackData {
  return {
    custom_id: form.actionId,
    title: form.title.slice(0, MODAL_TEXT_MAX),
    components: form.fields.slice(0, 5).map((field) => ({
      type: ComponentType.ActionRow as const,
      components: [
        {
          type: ComponentType.TextInput as const,
          custom_id: field.id,
          label: field.label.slice(0, MODAL_TEXT_MAX),
          style: field.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
          max_length: field.maxLength,
          required: !field.optional,
          ...(field.value ? { value: field.value.slice(0, field.maxLength) } : {}),
        },
      ],
    })),
  };
}

/** A submitted modal's values by field id. */
export function modalValues(interaction: ModalSubmitInteraction): Record<string, string> {
  const values: Record<string, string> = {};
  for (const row of interaction.components) {
    for (const c of 'components' in row ? row.components : []) {
      if ('customId' in c && 'value' in c && typeof c.value === 'string') values[c.customId] = c.value;
    }
  }
  return values;
}

/** The subcommand's own options: under a subcommand group ("pack upload") or directly. */
function subcommandOptions(interaction: ChatInputCommandInteraction): readonly CommandInteractionOption[] {
  const top = interaction.options.data[0];
  if (top?.type === ApplicationCommandOptionType.SubcommandGroup) return top.options?.[0]?.options ?? [];
  if (top?.type === ApplicationCommandOptionType.Subcommand) return top.options ?? [];
  return [];
}

/** What a slash command and an autocomplete both carry: the subcommand and its group, when there are. */
interface SubcommandNamed {
  options: { getSubcommand(required: false): string | null; getSubcommandGroup(required: false): string | null };
}

/** The command's name in the command table: "pack upload" for a subcommand of a group, else the subcommand. */
export function commandName(interaction: SubcommandNamed): string | undefined {
  const sub = interaction.options.getSubcommand(false);
  const group = interaction.options.getSubcommandGroup(false);
  return sub ? (group ? `${group} ${sub}` : sub) : undefined;
}

/**
 * A slash command's options: the raw strings the neutral argument validation expects, and attached files, read
 * from the attachment's URL only when the command asks for the bytes.
 */
export function commandOptions(interaction: ChatInputCommandInteraction): { raw: Record<string, string>; files: Record<string, InFile> } {
  const raw: Record<string, string> = {};
  const files: Record<string, InFile> = {};
  for (const o of subcommandOptions(interaction)) {
    if (o.type === ApplicationCommandOptionType.Attachment && o.attachment) {
      const { name, size, url } = o.attachment;
      files[o.name] = { name, size, read: () => download(url) };
      continue;
    }
    if (o.value === undefined) continue;
    // Discord has no "none" for a role option: picking @everyone (whose id is the server's) clears the role.
    raw[o.name] = o.type === ApplicationCommandOptionType.Role && o.value === interaction.guildId ? 'none' : String(o.value);
  }
  return { raw, files };
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`downloading an attachment failed: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
