import { describe, expect, it } from 'vitest';
import { shellChannelReference } from '../../src/adapters/shell/shell-words.js';
import { coerceArgs } from '../../src/commands/options.js';
import { COMMANDS, commandId, FAMILIES, findCommand } from '../../src/commands/table.js';
import { parseCommandText, tokenize } from '../../src/commands/text.js';

const ctx = { topics: ['cnn', 'rnn', 'transformers'], packs: ['deep-learning'] };
const parse = (group: 'quiz' | 'quiz-admin', text: string) => parseCommandText(group, text, ctx);
const raw = (group: 'quiz' | 'quiz-admin', text: string) => {
  const p = parse(group, text);
  if (p.kind !== 'command') throw new Error(`expected a command, got help: ${p.error}`);
  return p.raw;
};

describe('the command table', () => {
  it('has exactly one handler per command, declared with it', () => {
    expect(new Set(COMMANDS.map(commandId)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) expect(typeof c.run, commandId(c)).toBe('function');
  });

  it('names are unique and fit every platform (Discord: 1–32 lowercase chars, descriptions ≤ 100)', () => {
    expect(new Set(COMMANDS.map(commandId)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) {
      // A family's command is two such words, the first a declared family (a Discord subcommand group).
      const words = c.name.split(' ');
      for (const word of words) expect(word).toMatch(/^[a-z][a-z-]{0,31}$/);
      expect(words.length).toBeLessThanOrEqual(2);
      if (words.length === 2) expect(Object.keys(FAMILIES)).toContain(words[0]);
      expect(c.description.length).toBeLessThanOrEqual(100);
      for (const o of c.options) {
        expect(o.name).toMatch(/^[a-z][a-z-]{0,31}$/);
        expect(o.description.length).toBeLessThanOrEqual(100);
      }
    }
  });
});

describe('text commands (Slack and the shell)', () => {
  it('fills options positionally in the table’s order', () => {
    expect(raw('quiz', 'start cnn 3 hard')).toEqual({ topic: 'cnn', count: '3', difficulty: 'hard' });
  });

  it('gives each positional word to the next option that accepts it', () => {
    expect(raw('quiz', 'start 3')).toEqual({ count: '3' });
    expect(raw('quiz', 'start hard')).toEqual({ difficulty: 'hard' });
    expect(raw('quiz', 'start cnn hard')).toEqual({ topic: 'cnn', difficulty: 'hard' });
    // A word for an option before the last one given still finds it: the count after the kind.
    expect(raw('quiz', 'review choice 1')).toEqual({ kind: 'choice', count: '1' });
    expect(raw('quiz', 'leaderboard channels all')).toEqual({ board: 'channels', period: 'all' });
  });

  it('accepts name=value for any option, mixed with positional words', () => {
    expect(raw('quiz', 'start count=4 cnn')).toEqual({ count: '4', topic: 'cnn' });
    expect(raw('quiz-admin', 'setup time=07:45 timezone=Asia/Kolkata weekdays=mon-fri')).toEqual({
      time: '07:45',
      timezone: 'Asia/Kolkata',
      weekdays: 'mon-fri',
    });
  });

  it('keeps quoted words together and takes Slack mentions', () => {
    expect(tokenize('setup weekdays="mon, wed" <#C123|general>')).toEqual(['setup', 'weekdays=mon, wed', '<#C123|general>']);
    expect(raw('quiz', 'streak <@U123ABC|alice>')).toEqual({ member: '<@U123ABC|alice>' });
  });

  it('an empty command, help, or an unknown subcommand asks for usage', () => {
    expect(parse('quiz', '')).toEqual({ kind: 'help', group: 'quiz' });
    expect(parse('quiz', 'help')).toEqual({ kind: 'help', group: 'quiz' });
    expect(parse('quiz', 'dance')).toMatchObject({ kind: 'help', error: expect.stringContaining('"dance" is not a quiz command') });
  });

  it('help and a command name asks about that command, in either group; a family names all of its commands', () => {
    const about = (group: 'quiz' | 'quiz-admin', text: string) => {
      const p = parse(group, text);
      return p.kind === 'help' && !p.error ? { group: p.group, names: p.about?.map((c) => c.name) } : p;
    };
    expect(about('quiz', 'help start')).toEqual({ group: 'quiz', names: ['start'] });
    expect(about('quiz', 'help setup')).toEqual({ group: 'quiz-admin', names: ['setup'] });
    expect(about('quiz-admin', 'HELP Pack Upload')).toEqual({ group: 'quiz-admin', names: ['pack upload'] });
    expect(about('quiz-admin', 'help pack')).toEqual({
      group: 'quiz-admin',
      names: ['pack upload', 'pack list', 'pack show', 'pack export', 'pack remove'],
    });
    expect(parse('quiz', 'help dance')).toMatchObject({ kind: 'help', error: expect.stringContaining('"dance" is not a quiz command') });
  });

  it('"every day" unquoted is the weekdays, as help writes it', () => {
    expect(raw('quiz-admin', 'setup every day')).toEqual({ weekdays: 'every day' });
    expect(raw('quiz-admin', 'setup 08:00 Every Day')).toEqual({ time: '08:00', weekdays: 'Every Day' });
  });

  it('a word no option takes goes to the option it looks meant for, so its error names that option', () => {
    const errorOf = (text: string) => {
      const p = parse('quiz-admin', text);
      if (p.kind !== 'command') return p.error;
      const coerced = coerceArgs(p.command, p.raw, ctx);
      return coerced.ok ? undefined : coerced.error;
    };
    expect(errorOf('setup 25:00')).toMatch(/^time: "25:00" is not a time/);
    expect(errorOf('setup 25:00 UTC')).toMatch(/^time: "25:00" is not a time/);
    expect(errorOf('setup <#C123|general> 25:00')).toMatch(/^time: "25:00" is not a time/);
    expect(errorOf('setup Europe/Atlantis')).toMatch(/^timezone: "Europe\/Atlantis" is not an IANA timezone/);
    // A bare word is never a channel, a role or a quiz admin (those take a mention, or name=value): in the
    // terminal, where any name is a member or a channel, "25:00" became a quiz admin named 2500 and "9am" a channel.
    const shell = {
      ...ctx,
      memberId: (typed: string) => typed.replace(/[^a-z0-9]/gi, ''),
      channelNamed: (typed: string) => typed.replace(/^#/, ''),
    };
    const shellError = (text: string) => {
      const p = parseCommandText('quiz-admin', text, shell);
      if (p.kind !== 'command') return p.error;
      const coerced = coerceArgs(p.command, p.raw, shell);
      return coerced.ok ? JSON.stringify(coerced.values) : coerced.error;
    };
    expect(shellError('setup 25:00')).toMatch(/^time: "25:00" is not a time/);
    expect(shellError('setup 9am')).toMatch(/^time: "9am" is not a time/);
    expect(shellError('setup 09:00 Mars/Olympus')).toMatch(/^timezone: "Mars\/Olympus" is not an IANA timezone/);
    expect(shellError('setup Europe/Berlin 08:00')).toBe(JSON.stringify({ time: '08:00', timezone: 'Europe/Berlin' }));
    expect(shellError('setup #berlin 08:00 add-admin=lead')).toBe(
      JSON.stringify({ channel: 'berlin', time: '08:00', 'add-admin': 'lead' }),
    );
    expect(shellError('setup @lead')).toBe(JSON.stringify({ 'add-admin': 'lead' }));
    expect(shellError('setup none')).toBe(JSON.stringify({ role: null }));
    // A second mention is not a removal: remove-admin is only ever named.
    expect(shellError('setup @ann @bob')).toBe('"@bob": one member to add at a time in order; to remove one, write remove-admin=@bob');
    expect(parseCommandText('quiz-admin', 'setup <@U123|lead>', ctx)).toMatchObject({ raw: { 'add-admin': '<@U123|lead>' } });
    expect(parseCommandText('quiz-admin', 'setup <@&R1>', ctx)).toMatchObject({ raw: { role: '<@&R1>' } });
  });

  it('too many words, or an option given twice, is an error naming it', () => {
    expect(parse('quiz', 'leaderboard week channels month')).toMatchObject({ kind: 'help', error: expect.stringContaining('"month"') });
    // A word no earlier option takes is one too many, not that option's bad value.
    expect(parse('quiz', 'start 3 2 1')).toMatchObject({ kind: 'help', error: '"1": quiz start takes no more arguments' });
    // A word goes to the free option before it, whose error says what it wants.
    expect(raw('quiz', 'start 3 hard transformer')).toEqual({ count: '3', difficulty: 'hard', topic: 'transformer' });
    // A word an option already given would take is one too many, not that option's bad value elsewhere.
    expect(parse('quiz', 'start 5 medium hard')).toMatchObject({ kind: 'help', error: '"hard": quiz start takes no more arguments' });
    expect(parse('quiz', 'start count=1 count=2')).toMatchObject({ kind: 'help', error: 'count: given twice' });
    expect(parse('quiz', 'start count=')).toMatchObject({ kind: 'help', error: 'count: no value after "="', command: { name: 'start' } });
  });
});

describe('argument validation names the option and the problem', () => {
  const start = findCommand('quiz', 'start')!;
  const setup = findCommand('quiz-admin', 'setup')!;
  it.each([
    [start, { topic: 'knitting' }, /^topic: "knitting" is not a topic \(cnn, rnn, transformers\)$/],
    [start, { count: '0' }, /^count: must be from 1 to 20$/],
    [start, { count: 'lots' }, /^count: "lots" is not a whole number$/],
    [start, { count: '99999999999999' }, /^count: must be from 1 to 20$/],
    [start, { count: '99999999999999999999' }, /^count: "99999999999999999999" is too large$/],
    [start, { difficulty: 'brutal' }, /^difficulty: /],
    [setup, { time: '25:00' }, /^time: "25:00" is not a time as HH:MM/],
    [setup, { timezone: 'Europe/Atlantis' }, /^timezone: "Europe\/Atlantis" is not an IANA timezone/],
    [setup, { weekdays: 'someday' }, /^weekdays: "someday" is not a weekday/],
    [setup, { channel: '<#>' }, /^channel: /],
    [start, { colour: 'red' }, /^colour: quiz start has no option "colour"/],
    [setup, { pack: 'knitting' }, /^pack: "knitting" is not a question pack \(deep-learning\)$/],
    [setup, { topics: 'cnn,knitting' }, /^topics: "knitting" is not a topic/],
    [setup, { difficulty: 'easy-brutal' }, /^difficulty: "easy-brutal" is not a difficulty or a range/],
    [findCommand('quiz', 'privacy')!, { mode: 'vanish' }, /^mode: "vanish" is not hide or show$/],
    [findCommand('quiz', 'privacy')!, {}, /^mode: required \(hide or show\)$/],
  ])('%#', (command, input, error) => {
    const result = coerceArgs(command, input as Record<string, string>, ctx);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(error);
  });

  it('reads topic lists and difficulty ranges', () => {
    expect(coerceArgs(setup, { topics: 'cnn, rnn', difficulty: 'hard-easy' }, ctx)).toEqual({
      ok: true,
      values: { topics: ['cnn', 'rnn'], difficulty: { min: 1, max: 3 } },
    });
    expect(coerceArgs(setup, { topics: 'all', difficulty: 'all' }, ctx)).toEqual({ ok: true, values: { topics: [], difficulty: null } });
  });

  it('stores a timezone as the IANA database spells it, however it was typed', () => {
    expect(coerceArgs(setup, { timezone: 'europe/berlin' }, ctx)).toEqual({ ok: true, values: { timezone: 'Europe/Berlin' } });
    expect(coerceArgs(setup, { timezone: 'utc' }, ctx)).toEqual({ ok: true, values: { timezone: 'UTC' } });
    // Not turned into an older alias (Intl's own spelling of it is Asia/Calcutta).
    expect(coerceArgs(setup, { timezone: 'Asia/Kolkata' }, ctx)).toEqual({ ok: true, values: { timezone: 'Asia/Kolkata' } });
    // An alias typed in lower case is written as the database writes it, not left in lower case.
    const spelt = (typed: string) => coerceArgs(setup, { timezone: typed }, ctx);
    expect(spelt('asia/kolkata')).toEqual({ ok: true, values: { timezone: 'Asia/Kolkata' } });
    expect(spelt('us/pacific')).toEqual({ ok: true, values: { timezone: 'US/Pacific' } });
    expect(spelt('etc/utc')).toEqual({ ok: true, values: { timezone: 'Etc/UTC' } });
    expect(spelt('america/argentina/buenos_aires')).toEqual({ ok: true, values: { timezone: 'America/Argentina/Buenos_Aires' } });
    expect(spelt('africa/dar_es_salaam')).toEqual({ ok: true, values: { timezone: 'Africa/Dar_es_Salaam' } });
    for (const upper of ['EST5EDT', 'NZ-CHAT', 'W-SU']) {
      expect(spelt(upper)).toEqual({ ok: true, values: { timezone: upper } });
      expect(spelt(upper.toLowerCase())).toEqual({ ok: true, values: { timezone: upper } });
    }
    expect(spelt('ASIA/KOLKATA')).toEqual({ ok: true, values: { timezone: 'Asia/Kolkata' } });
    expect(spelt('US/PACIFIC')).toEqual({ ok: true, values: { timezone: 'US/Pacific' } });
  });

  it('takes a channel as the terminal names it (#berlin) only where the platform reads names (the shell)', () => {
    const shell = { ...ctx, channelNamed: shellChannelReference };
    for (const channel of ['#berlin', 'berlin', '#Berlin', '<#berlin>', '<#berlin|berlin>'])
      expect(coerceArgs(setup, { channel }, shell)).toEqual({ ok: true, values: { channel: 'berlin' } });
    expect(coerceArgs(setup, { channel: '##berlin' }, shell)).toMatchObject({ ok: false });
    // Slack sends a channel it resolved as <#C…|name>: a bare "#genral" is a typo, not a channel id.
    expect(coerceArgs(setup, { channel: '#genral' }, ctx)).toMatchObject({ ok: false, error: 'channel: "#genral" is not a channel' });
    expect(coerceArgs(setup, { channel: '<#C1|general>' }, ctx)).toEqual({ ok: true, values: { channel: 'C1' } });
  });

  it('turns valid text into values', () => {
    expect(
      coerceArgs(setup, { channel: '<#C1|general>', time: '7:05', weekdays: 'mon-fri', role: 'none', 'add-admin': '<@U9>' }, ctx),
    ).toEqual({
      ok: true,
      values: { channel: 'C1', time: '07:05', weekdays: [1, 2, 3, 4, 5], role: null, 'add-admin': 'U9' },
    });
  });

  it('a member option goes through the platform’s names when it has them (the shell); ids and mentions as typed elsewhere', () => {
    const stats = findCommand('quiz', 'stats')!;
    expect(coerceArgs(stats, { member: 'Alice' }, ctx)).toEqual({ ok: true, values: { member: 'Alice' } });
    expect(coerceArgs(stats, { member: 'Дмитрий' }, ctx)).toMatchObject({ ok: false, error: expect.stringContaining('is not a member') });
    const named = { ...ctx, memberId: (typed: string) => (typed === '@nobody' ? undefined : `id-of-${typed}`) };
    expect(coerceArgs(stats, { member: 'Дмитрий' }, named)).toEqual({ ok: true, values: { member: 'id-of-Дмитрий' } });
    // Only member options: a channel is still a channel.
    expect(coerceArgs(setup, { channel: '<#C1>', 'add-admin': '<@U9>' }, named)).toEqual({
      ok: true,
      values: { channel: 'C1', 'add-admin': 'id-of-<@U9>' },
    });
    expect(coerceArgs(stats, { member: '@nobody' }, named)).toMatchObject({ ok: false, error: expect.stringContaining('is not a member') });
  });
});
