import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shellMemberId, shellMemberReference } from '../../../src/adapters/shell/member-names.js';
import { SHELL_TEAM } from '../../../src/adapters/shell/shell.js';
import { memberPrefix } from '../../../src/core/shared/keys.js';
import { onlyChannel, rightLetter, type TestRig } from '../../fakes/engine.js';
import { type ShellDriver, startShellRig } from '../../fakes/shell-driver.js';

/** The id earlier versions gave every name: what an ASCII name must still map to, or its history is lost. */
const previousId = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]/g, '')
    .slice(0, 32) || 'member';

describe('shell member ids from names', () => {
  it('an ASCII name keeps the id earlier versions gave it', () => {
    const names = ['you', 'Alice', 'bob', 'Bob Smith', 'R2-D2.v1_x', 'x'.repeat(40), 'ann!', '!!!', '  Cai  '];
    // Printable ASCII at random, too: every character the old mapping dropped or kept.
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed;
    };
    for (let n = 0; n < 500; n++)
      names.push(Array.from({ length: 1 + (next() % 50) }, () => String.fromCharCode(32 + (next() % 95))).join(''));
    for (const name of names) expect(shellMemberId(name), JSON.stringify(name)).toBe(previousId(name));
  });

  it('other names are distinct members, equal only when NFKC and case make them equal, with ids the store accepts', () => {
    const names = ['Дмитрий', '小明', 'Zoë', 'Zoé', 'Анна', '李雷', 'Ωmega', 'José', 'Åsa', 'محمد', '🙂'];
    const ids = names.map(shellMemberId);
    expect(new Set(ids).size).toBe(names.length);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_.-]{1,64}$/);
      expect(() => memberPrefix(SHELL_TEAM, id)).not.toThrow();
      // Not an id an ASCII name had: those are never "member", and this one maps to itself when typed.
      expect(id).not.toBe('member');
      expect(shellMemberId(id)).toBe(id);
    }
    expect(shellMemberId('Zoë')).toMatch(/^zoe-[0-9a-f]{10}$/);
    expect(shellMemberId('ДМИТРИЙ')).toBe(shellMemberId('Дмитрий'));
    // Composed and decomposed ë, a full-width name, a ligature: the same names once NFKC-normalised.
    expect(shellMemberId('Zoe\u0308')).toBe(shellMemberId('Zo\u00eb'));
    expect(shellMemberId('Ａｌｉｃｅ')).toBe('alice');
    expect(shellMemberId('ﬁona')).toBe('fiona');
    expect(shellMemberId('Straße')).toBe(shellMemberId('STRASSE'));
  });

  it('a member typed in an option: a name, @name or <@name>, case-insensitively', () => {
    expect(shellMemberReference('Alice')).toBe('alice');
    expect(shellMemberReference('@alice')).toBe('alice');
    expect(shellMemberReference('<@LEAD>')).toBe('lead');
    expect(shellMemberReference('@Дмитрий')).toBe(shellMemberId('дмитрий'));
    expect(shellMemberReference(`@${shellMemberId('Zoë')}`)).toBe(shellMemberId('Zoë'));
    expect(shellMemberReference('@')).toBeUndefined();
  });
});

describe('members named in any script, in the shell', () => {
  let rig: TestRig;
  let shell: ShellDriver;
  beforeEach(async () => {
    ({ rig, shell } = await startShellRig());
  });
  afterEach(() => shell.stop());

  it('all-Cyrillic, all-CJK and accented names are different members, and can be looked up by name', async () => {
    await shell.send('quiz-admin setup');
    await shell.send('quiz-admin post');
    const { daily } = (await rig.engine.dailies.open(SHELL_TEAM, await onlyChannel(rig.engine, SHELL_TEAM)))!;
    const right = rightLetter(daily.order);
    const wrong = right === 'A' ? 'B' : 'A';
    expect(await shell.send('as Дмитрий')).toContain('Now typing as Дмитрий.');
    expect(await shell.send(right)).toContain('✅ Right!');
    await shell.send('as 小明');
    expect(await shell.send(wrong)).toContain('❌ Not quite');
    await shell.send('as Zoë');
    expect(await shell.send(right)).toContain('✅ Right!');
    await shell.send('as Zoé');
    expect(await shell.send(right)).toContain('✅ Right!');
    // Looked up by name, in another case too.
    expect(await shell.send('quiz streak Дмитрий')).toContain('Streak: 1 day');
    expect(await shell.send('quiz streak @дмитрий')).toContain('Streak: 1 day');
    const stats = await shell.send('quiz stats 小明');
    expect(stats).not.toContain('is not a member');
    expect(stats).toContain('Answered 1 · 0% right');
    expect(await shell.send('quiz stats ZOË')).toContain('Answered 1 · 100% right');
    expect(await shell.send('quiz leaderboard')).toMatch(/Дмитрий · 10[\s\S]*Zoë · 10[\s\S]*Zoé · 10/);
  });

  it('an ASCII name is found whatever its case; add-admin takes a name or a mention', async () => {
    await shell.send('as alice');
    await shell.send('quiz start beta 1');
    await shell.send('A');
    await shell.send('as you');
    expect(await shell.send('quiz stats Alice')).toContain('Answered 1');
    expect(await shell.send('quiz-admin setup add-admin=<@Lead>')).toContain('Saved');
    expect(await shell.send('quiz-admin setup add-admin=Дмитрий')).toContain('Saved');
    await shell.send('as lead');
    expect(await shell.send('quiz-admin show')).toContain('Daily question settings');
    await shell.send('as ДМИТРИЙ');
    expect(await shell.send('quiz-admin show')).toContain('Daily question settings');
  });

  it('names are cut at 64 characters, as the terminal shows names, and printed without controls or bidi overrides', async () => {
    const long = `Ё${'long'.repeat(20)}`;
    const switched = await shell.send(`as ${long}`);
    expect(switched).toContain(`Now typing as ${long.slice(0, 64)}.\n${long.slice(0, 64)}> `);
    const stats = await shell.send('quiz stats');
    expect(stats).toContain(`only ${long.slice(0, 64)} sees this`);
    expect(stats).toContain(`Stats · ${long.slice(0, 64)}\n`);
    expect(await shell.send('as ann\u202egro.live\u001b[2J')).toContain('Now typing as anngro.live [2J.\nanngro.live [2J> ');
  });
});
