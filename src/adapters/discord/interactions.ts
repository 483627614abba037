import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  GuildMember,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
} from 'discord.js';
import type { Dispatcher, Inbound } from '../../app/dispatcher.js';
import { GENERIC_FAILURE } from '../../app/dispatcher.js';
import { findCommand, isGroupName } from '../../commands/table.js';
import type { Logger } from '../../core/ports/logger.js';
import type { Reply } from '../../core/shared/messages.js';
import type { MemberRef } from '../../core/shared/refs.js';
import type { Pictures } from '../../pictures/pictures.js';
import { type DrawnPicture, drawPicture } from '../pictures.js';
import { commandName, commandOptions, discordModal, modalValues } from './forms.js';
import { discordFiles, renderDiscord } from './render.js';

/** Discord gives 3 s to acknowledge; past this much work we defer first and edit afterwards. */
export const ACK_AFTER_MS = 1500;

type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** The member as the interaction shows them: Manage Server makes a platform admin; roles for the team's role. */
export function memberOf(interaction: Repliable | AutocompleteInteraction): MemberRef {
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

export function toInbound(interaction: Repliable): Inbound | undefined {
  const member = memberOf(interaction);
  const channelId = interaction.channelId ?? '';
  // An interaction received before the bot left the server and handled after its GuildDelete must not bring the
  // server back: the server is out of the client's cache by then. One that joined again while no process ran is
  // in it (READY lists it, with no GuildCreate), and its first interaction restores it.
  const mayRestore = async () => interaction.client.guilds.cache.has(member.teamId);
  if (interaction.isChatInputCommand()) {
    const group = interaction.commandName;
    const name = commandName(interaction);
    if (!isGroupName(group) || !name) return undefined;
    const { raw, files } = commandOptions(interaction);
    return { kind: 'command', member, channelId, group, name, raw, files, mayRestore };
  }
  if (interaction.isModalSubmit()) {
    const values = modalValues(interaction);
    return { kind: 'submit', member, channelId, actionId: interaction.customId, text: Object.values(values)[0] ?? '', values, mayRestore };
  }
  return { kind: 'action', member, channelId, actionId: interaction.customId, mayRestore };
}

/**
 * Handles one interaction: neutral event in, reply out, never "This interaction failed". Quick work is
 * answered directly (one call); slow work is deferred within the 3 s and the answer edited in afterwards.
 */
export async function handleInteraction(interaction: Interaction, dispatcher: Dispatcher, log: Logger, pictures: Pictures): Promise<void> {
  if (interaction.isAutocomplete()) return suggest(interaction, dispatcher, log);
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
    // Drawing the reply's picture is part of the work the 3-second acknowledgement covers.
    const work = dispatcher.handle(event).then(async (reply) => {
      const drawn = await drawPicture(pictures, reply.message, log);
      return { reply: { ...reply, message: drawn.message }, picture: drawn.picture };
    });
    await respond(interaction, work);
  } catch (error) {
    log.error({ err: error, ...context }, 'could not answer an interaction');
    await sayGeneric(interaction, log);
  }
}

async function respond(interaction: Repliable, work: Promise<{ reply: Reply; picture?: DrawnPicture }>): Promise<void> {
  let deferral: Promise<unknown> | undefined;
  const timer = setTimeout(() => {
    // Buttons: acknowledge without changing anything yet; commands: a private "thinking…".
    deferral = interaction.isButton() ? interaction.deferUpdate() : interaction.deferReply({ flags: MessageFlags.Ephemeral });
  }, ACK_AFTER_MS);
  let reply: Reply;
  let picture: DrawnPicture | undefined;
  try {
    ({ reply, picture } = await work);
  } finally {
    clearTimeout(timer);
  }
  // Files are always listed (none is an empty list): a reply that replaces a message drops the old one's picture.
  const payload = {
    ...renderDiscord(reply.message, picture),
    files: discordFiles(reply.message, picture).map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
  };
  const ephemeral = reply.visibility === 'private' ? MessageFlags.Ephemeral : undefined;
  // A text form is a modal, which a click or a command may open (a modal's submit may not). A file form has no
  // modal on Discord: its message, which says to attach the file to the command, is the answer.
  if (reply.form && !reply.form.file && !interaction.isModalSubmit()) {
    // A modal must be the first answer: after a deferral, the member is asked to try again.
    if (deferral) {
      await deferral;
      await interaction.followUp({ content: 'That took too long to open the form: please try again.', flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.showModal(discordModal(reply.form));
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

/** Values offered as the member types an option (timezones, the team's topics and packs), from the dispatcher. */
async function suggest(interaction: AutocompleteInteraction, dispatcher: Dispatcher, log: Logger): Promise<void> {
  try {
    const focused = interaction.options.getFocused(true);
    const group = interaction.commandName;
    const name = commandName(interaction);
    const spec = isGroupName(group) && name ? findCommand(group, name)?.options.find((o) => o.name === focused.name) : undefined;
    const values = spec && interaction.inGuild() ? await dispatcher.complete(memberOf(interaction), spec.type, String(focused.value)) : [];
    await interaction.respond(values.slice(0, 25).map((v) => ({ name: v, value: v })));
  } catch (error) {
    log.warn({ err: error }, 'could not answer an autocomplete');
  }
}
