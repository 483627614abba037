import { describe, expect, it } from 'vitest';
import { shellWord } from '../../../src/adapters/shell/shell-words.js';

describe('the shell’s own commands', () => {
  it('are recognised only in their exact form, so that an answer starting with the same word stays an answer', () => {
    expect(shellWord('exit')).toEqual({ kind: 'exit' });
    expect(shellWord('/Quit')).toEqual({ kind: 'exit' });
    expect(shellWord('help')).toEqual({ kind: 'help' });
    expect(shellWord('whoami')).toEqual({ kind: 'whoami' });
    expect(shellWord('in #Berlin')).toEqual({ kind: 'in', channel: 'berlin' });
    expect(shellWord('as bob')).toEqual({ kind: 'as', name: 'bob', admin: false });
    expect(shellWord('as Дмитрий admin')).toEqual({ kind: 'as', name: 'Дмитрий', admin: true });
    for (const answer of ['exit the loop early', 'help me', 'whoami?', 'In a CNN the kernel slides', 'As soon as it plateaus, stop']) {
      expect(shellWord(answer)?.kind ?? 'none', answer).toMatch(/^(none|usage)$/);
    }
    expect(shellWord('in #no spaces')).toMatchObject({ kind: 'usage' });
    expect(shellWord('as')).toMatchObject({ kind: 'usage' });
    expect(shellWord('quiz help')).toBeUndefined();
    expect(shellWord('A')).toBeUndefined();
  });
});
