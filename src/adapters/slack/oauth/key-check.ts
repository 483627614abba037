import type { Logger } from '../../../core/ports/logger.js';
import type { Documents } from '../../../core/ports/store.js';
import { SLACK_INSTALLATION_PREFIX } from '../../../core/shared/keys.js';
import { PlatformStartError } from '../../platform-start.js';
import { TokenBox } from './token-box.js';

/** How many stored installations start-up tries: enough to tell a changed key from one damaged record. */
const SAMPLE = 20;

/**
 * SLACK_TOKEN_KEY must open the installations already stored: with another key (changed, or mistyped) Bolt cannot
 * authorize any event, and every workspace goes unanswered without a word to its members. So start-up refuses
 * when none of the installations it tries opens, naming the variable; one that does not open among others that
 * do is a damaged record, logged and left as it is (its workspace installs again).
 */
export async function checkTokenKey(store: Documents, tokenKey: Buffer, log: Logger): Promise<void> {
  const box = new TokenBox(tokenKey);
  const keys = (await store.docKeys(SLACK_INSTALLATION_PREFIX)).slice(0, SAMPLE);
  const failed: string[] = [];
  let opened = 0;
  for (const key of keys) {
    const doc = await store.get<{ sealed?: unknown }>(key);
    if (typeof doc?.sealed !== 'string') continue;
    try {
      box.open(doc.sealed, key);
      opened += 1;
    } catch {
      failed.push(key);
    }
  }
  if (failed.length === 0) return;
  if (opened === 0) {
    throw new PlatformStartError(
      'SLACK_TOKEN_KEY',
      `it does not open the Slack installations stored (${failed.length} tried, none opened): they were saved with another key. Set the key they were saved with; workspaces would otherwise have to install the app again`,
    );
  }
  log.error(
    { keys: failed },
    'stored Slack installations that SLACK_TOKEN_KEY does not open (damaged): those workspaces must install the app again',
  );
}
