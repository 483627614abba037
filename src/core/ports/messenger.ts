import type { OutMessage } from '../shared/messages.js';
import type { TeamRef } from '../shared/refs.js';

/** What a post may carry besides its content. */
export interface PostOptions {
  /**
   * Names the message, not the attempt: a second post with the same key (a retry after a timeout or a 5xx, or
   * the post a restart makes for a daily that was sent but not yet recorded) must not become a second message.
   * Platforms that can enforce it do (Discord: an enforced nonce, honoured for a few minutes); the others
   * post again. Unique within the team.
   */
  idempotencyKey?: string;
}

/** How the engine posts and edits public messages (the daily question) on a team's platform. */
export interface Messenger {
  post(team: TeamRef, channelId: string, message: OutMessage, options?: PostOptions): Promise<{ messageId: string }>;
  edit(team: TeamRef, channelId: string, messageId: string, message: OutMessage): Promise<void>;
  /** A private message to one member (a direct message where the platform has them). */
  sendPrivate(team: TeamRef, userId: string, message: OutMessage, options?: PostOptions): Promise<void>;
}
