/** Who and where: the neutral references shared by the engine, the store and every adapter. No platform types. */

export const PLATFORMS = ['discord', 'slack', 'shell'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A team is a Discord server, a Slack workspace, or the local shell. */
export interface TeamRef {
  platform: Platform;
  teamId: string;
}

/**
 * A member as an adapter saw them in one event. The adapter reports what the platform says
 * (platformAdmin: Manage Server on Discord, workspace admin/owner on Slack; roleIds where roles exist);
 * the engine adds what the team configured (its quiz-admin role and admin list) to decide.
 */
export interface MemberRef extends TeamRef {
  userId: string;
  displayName: string;
  platformAdmin: boolean;
  roleIds?: readonly string[];
}
