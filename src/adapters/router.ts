import type { Messenger, PostOptions } from '../core/ports/messenger.js';
import type { OutMessage } from '../core/shared/messages.js';
import type { Platform, TeamRef } from '../core/shared/refs.js';

/**
 * The engine's Messenger, routing each post to the adapter of the team's platform. It exists before the
 * adapters do (they need the engine's dispatcher), which breaks the cycle.
 */
export class MessengerRouter implements Messenger {
  private readonly byPlatform = new Map<Platform, Messenger>();

  register(platform: Platform, messenger: Messenger): void {
    this.byPlatform.set(platform, messenger);
  }

  private route(team: TeamRef): Messenger {
    const m = this.byPlatform.get(team.platform);
    if (!m) throw new Error(`no adapter is running for platform ${team.platform}`);
    return m;
  }

  post(team: TeamRef, channelId: string, message: OutMessage, options?: PostOptions) {
    return this.route(team).post(team, channelId, message, options);
  }

  edit(team: TeamRef, channelId: string, messageId: string, message: OutMessage) {
    return this.route(team).edit(team, channelId, messageId, message);
  }

  sendPrivate(team: TeamRef, userId: string, message: OutMessage, options?: PostOptions) {
    return this.route(team).sendPrivate(team, userId, message, options);
  }
}
