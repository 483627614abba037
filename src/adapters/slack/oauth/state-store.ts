import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import type { Claims } from '../../../core/ports/store.js';
import { keys } from '../../../core/shared/keys.js';

/** How long an install started at /slack/install may take to come back to /slack/oauth_redirect. */
export const STATE_TTL_MS = 10 * 60 * 1000;

/** The code Bolt's installer maps to a 400 error page (and not a 500). */
class InvalidOAuthState extends Error {
  readonly code = 'slack_oauth_invalid_state';
}

/**
 * OAuth state values kept in Backprop's store, so that any process can finish an install another one started.
 * A state is a random nonce and its HMAC (SLACK_STATE_SECRET): a forged one is refused without a store read;
 * a genuine one is accepted once, within 10 minutes.
 */
export class StoredStateStore implements StateStore {
  constructor(
    private readonly store: Claims,
    private readonly secret: string,
  ) {}

  async generateStateParam(installOptions: InstallURLOptions): Promise<string> {
    const nonce = randomBytes(18).toString('base64url');
    await this.store.claim(keys.slackOAuthState(nonce), JSON.stringify(installOptions), STATE_TTL_MS);
    return `${nonce}.${this.sign(nonce)}`;
  }

  async verifyStateParam(_now: Date, state: string): Promise<InstallURLOptions> {
    const [nonce, mac, ...rest] = state.split('.');
    if (!nonce || !mac || rest.length > 0 || !/^[\w-]{24}$/.test(nonce) || !this.signedBy(nonce, mac)) {
      throw new InvalidOAuthState('the OAuth state was not issued by this app');
    }
    const saved = await this.store.getClaim(keys.slackOAuthState(nonce));
    if (saved === undefined) throw new InvalidOAuthState('the OAuth state expired or was already used');
    // Single use: of two redirects carrying the same state (a replay, a double submit), only the first claim wins.
    if (!(await this.store.claim(keys.slackOAuthStateUsed(nonce), '1', STATE_TTL_MS))) {
      throw new InvalidOAuthState('the OAuth state was already used');
    }
    await this.store.releaseClaim(keys.slackOAuthState(nonce));
    return JSON.parse(saved);
  }

  private sign(nonce: string): string {
    return createHmac('sha256', this.secret).update(nonce).digest('base64url');
  }

  private signedBy(nonce: string, mac: string): boolean {
    const expected = Buffer.from(this.sign(nonce));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
