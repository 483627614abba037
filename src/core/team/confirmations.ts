import type { EngineDeps } from '../shared/context.js';
import { stale } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { shortId } from '../shared/presentation.js';
import type { MemberRef } from '../shared/refs.js';

/** What a confirmation button confirms. */
export type ConfirmKind = 'forget' | 'purge' | 'remove-daily' | 'remove-pack';

/** A destructive command waits for "Yes" for this long. */
const CONFIRM_TTL_MS = 10 * 60 * 1000;

const keyOf = (member: MemberRef, kind: ConfirmKind, token: string) =>
  kind === 'forget' ? keys.memberConfirmation(member, member.userId, token) : keys.teamConfirmation(member, token);

/**
 * "Are you sure?" for commands that delete or stop something. The button carries only a token; what it confirms,
 * who asked and what about (a channel) are stored with it, and checked against whoever clicks.
 */
export class Confirmations {
  constructor(private readonly deps: EngineDeps) {}

  /** `subject`: what the request is about (the channel whose daily is removed), given back by check(). */
  async ask(member: MemberRef, kind: ConfirmKind, subject?: string): Promise<string> {
    const token = shortId(this.deps.random);
    const value = `${kind}:${member.userId}${subject === undefined ? '' : `:${subject}`}`;
    await this.deps.store.claim(keyOf(member, kind, token), value, CONFIRM_TTL_MS);
    return token;
  }

  /** Passes when this member asked for this and the request has not expired; resolves to its subject, if any. */
  async check(member: MemberRef, kind: ConfirmKind, token: string): Promise<string | undefined> {
    const value = await this.deps.store.getClaim(keyOf(member, kind, token));
    const asked = `${kind}:${member.userId}`;
    if (value === asked) return undefined;
    if (value?.startsWith(`${asked}:`)) return value.slice(asked.length + 1);
    throw stale('This confirmation has expired or was not yours. Run the command again.');
  }
}
