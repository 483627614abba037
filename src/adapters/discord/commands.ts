import { createHash } from 'node:crypto';
import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { type Command, commandsOf, FAMILIES, GROUPS, type GroupName, type OptionSpec } from '../../commands/table.js';

/** Discord allows 25 choices per option. */
const MAX_CHOICES = 25;

const choices = (values: readonly string[]) => values.slice(0, MAX_CHOICES).map((v) => ({ name: v, value: v }));

/**
 * One option as Discord declares it. Topics and packs are the team's own as well as the built-in ones, so they are
 * offered as the member types (autocomplete, from the team's bank), not as a fixed list.
 */
function option(spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = { name: spec.name, description: spec.description, required: spec.required ?? false };
  switch (spec.type) {
    case 'topic':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
    case 'integer':
      return { ...base, type: ApplicationCommandOptionType.Integer, min_value: spec.min, max_value: spec.max };
    case 'difficulty':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: choices(['easy', 'medium', 'hard']),
      };
    case 'period':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: choices(['week', 'month', 'all']),
      };
    case 'member':
      return { ...base, type: ApplicationCommandOptionType.User };
    case 'channel':
      return {
        ...base,
        type: ApplicationCommandOptionType.Channel,
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
      };
    case 'role':
      // Picking @everyone clears the role (Discord has no "none" for a role option).
      return { ...base, description: 'Role whose members are quiz admins (@everyone clears it)', type: ApplicationCommandOptionType.Role };
    case 'timezone':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
    case 'pack':
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
    case 'file':
      return { ...base, type: ApplicationCommandOptionType.Attachment };
    case 'privacy':
      return { ...base, type: ApplicationCommandOptionType.String, choices: choices(['hide', 'show']) };
    case 'daily-format':
      return { ...base, type: ApplicationCommandOptionType.String, choices: choices(['choice', 'open']) };
    case 'review-kind':
      return { ...base, type: ApplicationCommandOptionType.String, choices: choices(['choice', 'recall']) };
    case 'board':
      return { ...base, type: ApplicationCommandOptionType.String, choices: choices(['channel', 'team', 'channels']) };
    case 'switch':
      return { ...base, type: ApplicationCommandOptionType.String, choices: choices(['on', 'off']) };
    case 'difficulty-range':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        choices: choices(['all', 'easy', 'easy-medium', 'medium', 'medium-hard', 'hard']),
      };
    case 'time':
    case 'weekdays':
    case 'topics':
      return { ...base, type: ApplicationCommandOptionType.String };
  }
}

/**
 * /quiz and /quiz-admin, generated from the neutral command table. Server-only; /quiz-admin defaults to
 * Manage Server, which each server can re-assign under Server Settings → Integrations.
 */
export function discordCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return (Object.keys(GROUPS) as GroupName[]).map((group) => ({
    name: group,
    description: GROUPS[group].description,
    type: ApplicationCommandType.ChatInput,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    default_member_permissions: GROUPS[group].admin ? String(PermissionFlagsBits.ManageGuild) : null,
    options: subcommandsOf(commandsOf(group)),
  }));
}

/** A command as a subcommand; two-word commands ("pack upload") as subcommands of a group ("pack"), in table order. */
function subcommandsOf(commands: readonly Command[]) {
  const sub = (c: Command, name: string) => ({
    type: ApplicationCommandOptionType.Subcommand as const,
    name,
    description: c.description,
    options: c.options.map(option),
  });
  const out: (
    | ReturnType<typeof sub>
    | { type: ApplicationCommandOptionType.SubcommandGroup; name: string; description: string; options: ReturnType<typeof sub>[] }
  )[] = [];
  for (const c of commands) {
    const [family, name] = c.name.split(' ');
    if (name === undefined) {
      out.push(sub(c, c.name));
      continue;
    }
    let group = out.find((o) => o.type === ApplicationCommandOptionType.SubcommandGroup && o.name === family);
    if (!group) {
      group = { type: ApplicationCommandOptionType.SubcommandGroup, name: family!, description: FAMILIES[family!] ?? family!, options: [] };
      out.push(group);
    }
    (group.options as ReturnType<typeof sub>[]).push(sub(c, name));
  }
  return out;
}

/** A fingerprint of the definitions: start-up registers them only when it changed (creation is rate-limited). */
export function commandsHash(commands: unknown): string {
  return createHash('sha256').update(JSON.stringify(commands)).digest('hex');
}
