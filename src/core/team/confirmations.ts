import type { EngineDeps } from '../shared/context.js';
import { stale } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { shortId } from '../shared/presentation.js';
import type { MemberRef } from '../shared/refs.js';

/** What a confirmation button confirms. */
export type ConfirmKind = 'forget' | 'purge';

/** A destructive command waits for "Yes" for this long. */
const CONFIRM_TTL_MS = 10 * 60 * 1000;

const keyOf = (member: MemberRef, kind: ConfirmKind, token: string) =>
  kind === 'forget' ? keys.memberConfirmation(member, member.userId, token) : keys.teamConfirmation(member, token);

/**
 * "Are you sure?" for commands that delete data. The button carries only a token; what it confirms and who asked
 * are stored with it, and checked against whoever clicks.
 */
export class Confirmations {
  constructor(private readonly deps: EngineDeps) {}

  async ask(member: MemberRef, kind: ConfirmKind): Promise<string> {
    const token = shortId(this.deps.random);
    await this.deps.store.claim(keyOf(member, kind, token), `${kind}:${member.userId}`, CONFIRM_TTL_MS);
    return token;
  }

  /** Passes when this member asked for this and the request has not expired. */
  async check(member: MemberRef, kind: ConfirmKind, token: string): Promise<void> {
    const value = await this.deps.store.getClaim(keyOf(member, kind, token));
    if (value !== `${kind}:${member.userId}`) throw stale('This confirmation has expired or was not yours. Run the command again.');
  }
}
