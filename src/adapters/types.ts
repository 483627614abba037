import type { Dispatcher } from '../app/dispatcher.js';
import type { Messenger } from '../core/ports/messenger.js';
import type { Platform } from '../core/shared/refs.js';

/**
 * A chat platform, as the composition root sees it: it turns platform events into neutral ones for the
 * dispatcher, renders neutral replies, and posts and edits public messages for the engine (Messenger).
 */
export interface ChatAdapter extends Messenger {
  readonly platform: Platform;
  start(dispatcher: Dispatcher): Promise<void>;
  stop(): Promise<void>;
}
