import { createHash } from 'node:crypto';
import type { TeamRef } from '../../core/shared/refs.js';

/** Discord caps a message nonce at 25 characters. */
export const NONCE_LENGTH = 25;

/**
 * The body fields that make a post idempotent on Discord: with `enforce_nonce`, a second message from the bot
 * with the same nonce within a few minutes returns the first instead of creating another. discord.js retries a
 * post after a timeout or a 5xx, and a restart re-sends a daily that was sent but not yet recorded: both land
 * on the first message. A nonce is unique per bot, not per server, so the team is part of what is hashed.
 */
export function enforcedNonce(team: TeamRef, idempotencyKey: string | undefined): { nonce?: string; enforce_nonce?: true } {
  if (idempotencyKey === undefined) return {};
  const nonce = createHash('sha256').update(`${team.teamId}\n${idempotencyKey}`).digest('base64url').slice(0, NONCE_LENGTH);
  return { nonce, enforce_nonce: true };
}
