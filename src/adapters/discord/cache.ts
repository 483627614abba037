import { type CacheFactory, type CacheWithLimitsOptions, Options } from 'discord.js';

/**
 * What discord.js keeps in memory. Backprop posts and edits through REST by channel id and reads who is asking,
 * and their permissions, from the interaction itself; of everything a server sends at start-up it needs only the
 * server and its roles (a member's role list is resolved against the server's role cache). Channels (with their
 * permission overwrites), members, users, emojis, stickers, threads and the rest would be hundreds of megabytes at
 * 10,000 real servers and are never read, so they are not kept; our own user and member stay.
 *
 * discord.js calls limiting the channel caches unsupported (its typings leave them out, and it warns at start-up)
 * because lookups like `interaction.channel` then return null. Nothing here uses them, and the adapter tests drive
 * every interaction through real discord.js with these settings; `npm start` silences that one warning.
 */
export function discordCache(): CacheFactory {
  const notKept = {
    ChannelManager: 0,
    GuildChannelManager: 0,
    PermissionOverwriteManager: 0,
    ThreadManager: 0,
    GuildTextThreadManager: 0,
    GuildForumThreadManager: 0,
    ThreadMemberManager: 0,
    MessageManager: 0,
    GuildMessageManager: 0,
    DMMessageManager: 0,
    ReactionManager: 0,
    ReactionUserManager: 0,
    PresenceManager: 0,
    VoiceStateManager: 0,
    GuildEmojiManager: 0,
    BaseGuildEmojiManager: 0,
    GuildStickerManager: 0,
    StageInstanceManager: 0,
    GuildScheduledEventManager: 0,
    GuildInviteManager: 0,
    GuildBanManager: 0,
    AutoModerationRuleManager: 0,
    ApplicationCommandManager: 0,
  };
  return Options.cacheWithLimits({
    ...(notKept as CacheWithLimitsOptions),
    GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user.id },
    UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user.id },
  });
}
