import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  ComponentType,
  GuildMember,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  TextInputStyle,
} from 'discord.js';
import type { Dispatcher, Inbound } from '../../app/dispatcher.js';
import { GENERIC_FAILURE } from '../../app/dispatcher.js';
import { isGroupName } from '../../commands/table.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Reply } from '../../core/shared/messages.js';
import type { MemberRef } from '../../core/shared/refs.js';
import { renderDiscord } from './render.js';

/** Discord gives 3 s to acknowledge; past this much work we defer first and edit afterwards. */
export const ACK_AFTER_MS = 1500;
const TIMEZONES = Intl.supportedValuesOf('timeZone');

type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** The one text field of Backprop's forms. */
const FORM_FIELD = 'text';
/** Discord's limit on a modal's title and a field's label. */
const MODAL_TEXT_MAX = 45;

/** The member as the interaction shows them: Manage Server makes a platform admin; roles for the team's role. */
export function memberOf(interaction: Repliable): MemberRef {
  const m = interaction.member;
  const roleIds = m instanceof GuildMember ? [...m.roles.cache.keys()] : Array.isArray(m?.roles) ? m.roles : [];
  const displayName = m instanceof GuildMember ? m.displayName : (m?.nick ?? interaction.user.globalName ?? interaction.user.username);
  return {
    platform: 'discord',
    teamId: interaction.guildId!,
    userId: interaction.user.id,
    displayName,
    platformAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false,
    roleIds,
  };
}

/** A slash command's options as the raw strings the neutral argument validation expects. */
function rawOptions(interaction: ChatInputCommandInteraction): Record<string, string> {
  const sub = interaction.options.data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
  const raw: Record<string, string> = {};
  for (const o of sub?.options ?? []) {
    if (o.value === undefined) continue;
    // Discord has no "none" for a role option: picking @everyone (whose id is the server's) clears the role.
    raw[o.name] = o.type === ApplicationCommandOptionType.Role && o.value === interaction.guildId ? 'none' : String(o.value);
  }
  return raw;
}

export function toInbound(interaction: Repliable): Inbound | undefined {
  const member = memberOf(interaction);
  const channelId = interaction.channelId ?? '';
  if (interaction.isChatInputCommand()) {
    const group = interaction.commandName;
    const name = interaction.options.getSubcommand(false);
    if (!isGroupName(group) || !name) return undefined;
    return { kind: 'command', member, channelId, group, name, raw: rawOptions(interaction) };
  }
  if (interaction.isModalSubmit()) {
    return { kind: 'submit', member, channelId, actionId: interaction.customId, text: interaction.fields.getTextInputValue(FORM_FIELD) };
  }
  return { kind: 'action', member, channelId, actionId: interaction.customId };
}

/**
 * Handles one interaction: neutral event in, reply out, never "This interaction failed". Quick work is
 * answered directly (one call); slow work is deferred within the 3 s and the answer edited in afterwards.
 */
export async function handleInteraction(interaction: Interaction, dispatcher: Dispatcher, log: Logger): Promise<void> {
  if (interaction.isAutocomplete()) return suggestTimezones(interaction, log);
  if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
  const context = { interactionId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id };
  try {
    if (!interaction.inGuild()) {
      await interaction.reply({
        content: 'Backprop works in servers: use it in a channel of your team’s server.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const event = toInbound(interaction);
    if (!event) {
      log.warn(context, 'interaction for an unknown command');
      await interaction.reply({ content: 'Backprop does not know that command. Try /quiz help.', flags: MessageFlags.Ephemeral });
      return;
    }
    await respond(interaction, dispatcher.handle(event));
  } catch (error) {
    log.error({ err: error, ...context }, 'could not answer an interaction');
    await sayGeneric(interaction, log);
  }
}

async function respond(interaction: Repliable, work: Promise<Reply>): Promise<void> {
  let deferral: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    // Buttons: acknowledge without changing anything yet; commands: a private "thinking…".
    deferral = interaction.isButton() ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral });
  }, ACK_AFTER_MS);
  let reply: Reply;
  try {
    reply = await work;
  } finally {
    clearTimeout(timer);
  }
  const payload = renderDiscord(reply.message);
  const ephemeral = reply.visibility === 'private' ? MessageFlags.Ephemeral : undefined;
  if (reply.form && interaction.isButton()) {
    // A modal must be the first answer to the click: after a deferral, the member is asked to click again.
    if (deferral) {
      await deferral;
      await interaction.followUp({
        content: 'That took too long to open the form: please click the button again.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    await interaction.showModal({
      custom_id: reply.form.actionId,
      title: reply.form.title.slice(0, MODAL_TEXT_MAX),
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: FORM_FIELD,
              label: reply.form.label.slice(0, MODAL_TEXT_MAX),
              style: TextInputStyle.Paragraph,
              max_length: reply.form.maxLength,
              required: true,
            },
          ],
        },
      ],
    });
    return;
  }
  if (deferral) {
    await deferral;
    if (interaction.isButton() && !reply.replace) await interaction.followUp({ ...payload, flags: ephemeral });
    else await interaction.editReply(payload);
    return;
  }
  if (interaction.isButton() && reply.replace) await interaction.update(payload);
  else await interaction.reply({ ...payload, flags: ephemeral });
}

async function sayGeneric(interaction: Repliable, log: Logger): Promise<void> {
  try {
    const body = { content: GENERIC_FAILURE, flags: MessageFlags.Ephemeral } as const;
    if (interaction.replied || interaction.deferred) await interaction.followUp(body);
    else await interaction.reply(body);
  } catch (error) {
    log.warn({ err: error, interactionId: interaction.id }, 'could not tell the member about a failure either');
  }
}

async function suggestTimezones(interaction: AutocompleteInteraction, log: Logger): Promise<void> {
  const typed = String(interaction.options.getFocused()).toLowerCase().replace(/\s+/g, '_');
  const matches = TIMEZONES.filter((z) => z.toLowerCase().includes(typed)).slice(0, 25);
  await interaction.respond(matches.map((z) => ({ name: z, value: z }))).catch((error: unknown) => {
    log.warn({ err: error }, 'could not answer a timezone autocomplete');
  });
}
