import { describe, expect, it } from 'vitest';
import { enforcedNonce, NONCE_LENGTH } from '../../../src/adapters/discord/nonce.js';

const guild = { platform: 'discord', teamId: '1100000000000000001' } as const;

describe('the enforced nonce of an idempotent Discord post', () => {
  it('is the same for the same team and key, within Discord’s 25 characters', () => {
    const first = enforcedNonce(guild, 'daily:2026-03-02');
    expect(first).toEqual(enforcedNonce(guild, 'daily:2026-03-02'));
    expect(first.enforce_nonce).toBe(true);
    expect(first.nonce).toHaveLength(NONCE_LENGTH);
  });

  it('differs between keys and between servers (a nonce is unique per bot, not per server)', () => {
    const nonces = new Set([
      enforcedNonce(guild, 'daily:2026-03-02').nonce,
      enforcedNonce(guild, 'daily:2026-03-02.2').nonce,
      enforcedNonce(guild, 'round:r1:0').nonce,
      enforcedNonce({ ...guild, teamId: '1100000000000000002' }, 'daily:2026-03-02').nonce,
    ]);
    expect(nonces.size).toBe(4);
  });

  it('is absent when the post has no key: an ordinary message', () => {
    expect(enforcedNonce(guild, undefined)).toEqual({});
  });
});
