import { describe, expect, it } from 'vitest';
import { keys } from '../../../src/core/shared/keys.js';

describe('keys', () => {
  it('names a member’s record the way memberRecords says a board’s members are named', () => {
    for (const team of [
      { platform: 'shell' as const, teamId: 't1' },
      { platform: 'discord' as const, teamId: '123456789012345678' },
    ]) {
      const { before, after } = keys.memberRecords(team);
      for (const userId of ['u1', 'U0ABC.x-y_z']) expect(before + userId + after).toBe(keys.member(team, userId));
    }
  });
});
