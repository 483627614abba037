import { describe, expect, it } from 'vitest';
import { GROUPS, isGroupName } from '../../src/commands/table.js';

describe('the command table', () => {
  it('knows its groups and nothing every object inherits', () => {
    for (const group of Object.keys(GROUPS)) expect(isGroupName(group), group).toBe(true);
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'Quiz', 'quiz ', ''])
      expect(isGroupName(name), name).toBe(false);
  });
});
