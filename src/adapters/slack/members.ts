import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/ports/logger.js';
import type { MemberRef } from '../../core/shared/refs.js';

interface Profile {
  name: string;
  admin: boolean;
  at: number;
}

/** How long what users.info said about a member is trusted. */
export const PROFILE_TTL_MS = 10 * 60 * 1000;

/**
 * Who a Slack member is: display name and whether they are a workspace admin or owner (users.info, asked with
 * the client of the event's workspace), cached per workspace so that a burst of answers does not become a burst
 * of API calls, and nothing known in one workspace is used in another.
 */
export class SlackMembers {
  private readonly cache = new Map<string, Profile>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async resolve(client: WebClient, teamId: string, userId: string, fallbackName?: string): Promise<MemberRef> {
    const profile = await this.profile(client, teamId, userId, fallbackName);
    return { platform: 'slack', teamId, userId, displayName: profile.name, platformAdmin: profile.admin };
  }

  private async profile(client: WebClient, teamId: string, userId: string, fallbackName?: string): Promise<Profile> {
    const cacheKey = `${teamId}:${userId}`;
    const cached = this.cache.get(cacheKey);
    if (cached && this.now() - cached.at < PROFILE_TTL_MS) return cached;
    try {
      const { user } = await client.users.info({ user: userId });
      const name = user?.profile?.display_name || user?.profile?.real_name || user?.real_name || user?.name || fallbackName || 'member';
      const profile = { name, admin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner), at: this.now() };
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(cacheKey, profile);
      return profile;
    } catch (error) {
      // Without users.info the member is not treated as a workspace admin (team-added admins still count).
      this.log.warn({ err: error, userId }, 'users.info failed; treating the member as a non-admin for now');
      return cached ?? { name: fallbackName ?? 'member', admin: false, at: 0 };
    }
  }
}

/**
 * The member a command's word names, as Slack sends mentions (`<@U123|ann>`, with "escape users" on) or a bare
 * user id; undefined for anything else, so that the option's error says it is not a member: a channel's mention,
 * a plain name (Slack sends no id for it), Slackbot, or Backprop itself would otherwise be saved as an admin.
 * remove-admin takes any member mention or word: whatever an earlier version saved must stay removable.
 */
export function slackMemberReference(botUserId: string | undefined): (typed: string, option: string) => string | undefined {
  return (typed, option) => {
    const word = typed.trim();
    if (option === 'remove-admin') return /^<@!?([^>|]+)(\|[^>]*)?>$/.exec(word)?.[1] ?? /^@?([\w.-]{1,64})$/.exec(word)?.[1];
    // A user id is U or W and then capitals and digits, at least one digit ("WILLIAMS" is a name).
    const id = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(word)?.[1] ?? /^([UW](?=[A-Z]*\d)[A-Z0-9]{6,})$/.exec(word)?.[1];
    return id && id !== 'USLACKBOT' && id !== botUserId ? id : undefined;
  };
}
