import type { Clock } from '../../src/core/ports/clock.js';
import type { Messenger, PostOptions } from '../../src/core/ports/messenger.js';
import type { OutMessage } from '../../src/core/shared/messages.js';
import { plainText } from '../../src/core/shared/messages.js';
import type { TeamRef } from '../../src/core/shared/refs.js';

export interface Recorded {
  /** The (test) clock's time of the call. */
  at: number;
  team: TeamRef;
  channelId: string;
  messageId: string;
  message: OutMessage;
  /** What the engine named the message (posts only). */
  idempotencyKey?: string;
}

/** A Messenger that records every post and edit, and can be told to fail. */
export class RecordingMessenger implements Messenger {
  constructor(private readonly clock: Clock = { now: () => Date.now() }) {}

  readonly posts: Recorded[] = [];
  readonly edits: Recorded[] = [];
  failNextPost?: Error;
  private seq = 0;

  /** The idempotency key of every post attempted, failed ones included. */
  readonly attemptedKeys: (string | undefined)[] = [];

  async post(team: TeamRef, channelId: string, message: OutMessage, options: PostOptions = {}) {
    this.attemptedKeys.push(options.idempotencyKey);
    if (this.failNextPost) {
      const e = this.failNextPost;
      this.failNextPost = undefined;
      throw e;
    }
    const messageId = `m${++this.seq}`;
    this.posts.push({ at: this.clock.now(), team, channelId, messageId, message, idempotencyKey: options.idempotencyKey });
    return { messageId };
  }

  readonly privates: { at: number; team: TeamRef; userId: string; message: OutMessage; idempotencyKey?: string }[] = [];

  async sendPrivate(team: TeamRef, userId: string, message: OutMessage, options: PostOptions = {}) {
    this.privates.push({ at: this.clock.now(), team, userId, message, idempotencyKey: options.idempotencyKey });
  }

  async edit(team: TeamRef, channelId: string, messageId: string, message: OutMessage) {
    this.edits.push({ at: this.clock.now(), team, channelId, messageId, message });
  }

  /** The daily questions among the posts, choice or open (setup also posts a short confirmation). */
  get dailies(): Recorded[] {
    return this.posts.filter((p) => p.message.buttons?.some((b) => /^(daily:answer|open:type):/.test(b.actionId)));
  }

  lastPostText(): string {
    const last = this.posts[this.posts.length - 1];
    return last ? plainText(last.message) : '';
  }
}
