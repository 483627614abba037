import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SHELL_TEAM } from '../../../src/adapters/shell/shell.js';
import { keys } from '../../../src/core/shared/keys.js';
import type { TestRig } from '../../fakes/engine.js';
import { type ShellDriver, startShellRig, TYPED_SUGGESTION } from '../../fakes/shell-driver.js';

/** Forms in the terminal: asked field by field; the shell's own commands still work while one waits. */
describe('forms in the shell', () => {
  let rig: TestRig;
  let shell: ShellDriver;
  beforeEach(async () => {
    ({ rig, shell } = await startShellRig({ pack: 'deep-learning' }));
  });
  afterEach(() => shell.stop());

  const suggest = async (name: string) => {
    await shell.send(`as ${name}`);
    await shell.send('quiz suggest');
    for (const line of TYPED_SUGGESTION) await shell.send(line);
  };

  it('"/as bob" while a reject reason is asked for switches the member and sends nothing', async () => {
    await suggest('ann');
    await shell.send('as boss admin');
    await shell.send('quiz-admin suggestions');
    expect(await shell.send('Reject 1')).toContain('Reason for the member (optional)');
    const out = await shell.send('/as bob');
    expect(out).toContain('(The form was left unsent.)');
    expect(out).toContain('Now typing as bob.');
    expect(shell.transcript).not.toContain('The quiz admins said');
    expect(await rig.engine.suggestions.pending(SHELL_TEAM)).toHaveLength(1);
  });

  it('"exit" while a report is asked for ends the session, and files no report', async () => {
    await shell.send('quiz start cnn 1');
    await shell.send('A');
    expect(await shell.send('Report a problem')).toContain('What is wrong with this question?');
    expect(await shell.sendLast('exit')).toContain('(The form was left unsent.)');
    expect(await rig.store.get(keys.reports(SHELL_TEAM))).toBeUndefined();
  });

  it('"whoami", "help" and "in #x" while an answer is asked for run; other lines are the answer, even "As …" or "In …"', async () => {
    await shell.send('quiz interview cnn 1');
    expect(await shell.send('Type my answer')).toContain('Answer in your own words');
    const who = await shell.send('whoami');
    expect(who).toContain('(The form was left unsent.)');
    expect(who).toContain('You are you (admin), in #general.');
    expect(who).not.toContain('Your answer');
    await shell.send('Type my answer');
    expect(await shell.send('help')).toContain('Shell commands:');
    await shell.send('Type my answer');
    expect(await shell.send('in #berlin')).toContain('Now typing in #berlin.');
    await shell.send('in #general');
    await shell.send('Type my answer');
    const answered = await shell.send('In a CNN the same kernel slides over the image, as weights are shared.');
    expect(answered).not.toContain('(The form was left unsent.)');
    expect(answered).toContain('Your answer');
  });

  it('two-word answers that read like "as" or "in" are answers: "In training", "As expected"', async () => {
    await shell.send('quiz suggest');
    for (const line of TYPED_SUGGESTION.slice(0, 2)) await shell.send(line);
    const right = await shell.send('In training');
    expect(right).not.toContain('(The form was left unsent.)');
    expect(right).not.toContain('Now typing in');
    await shell.send('quiz interview cnn 1');
    await shell.send('Type my answer');
    const answered = await shell.send('As expected');
    expect(answered).not.toContain('Now typing as');
    expect(answered).toContain('Your answer');
  });

  it('a line longer than the field takes is refused with its length, and the form stays open for a shorter one', async () => {
    await shell.send('quiz interview cnn 1');
    expect(await shell.send('Type my answer')).toContain('at most 2000 characters');
    const refused = await shell.send('pooling '.repeat(300));
    expect(refused).toContain('That is 2399 characters; "Answer in your own words, as in the interview" takes at most 2000.');
    expect(refused).toContain('Answer in your own words, as in the interview (one line, at most 2000 characters');
    expect(await shell.send('Pooling and weight sharing give translation invariance')).toContain('Your answer');
  });

  it('an empty line while a form waits asks again', async () => {
    await shell.send('quiz start cnn 1');
    await shell.send('A');
    await shell.send('Report a problem');
    expect(await shell.send('')).toMatch(/What is wrong with this question\? \(one line, at most \d+ characters; "cancel" stops\):/);
    expect(await shell.send('   ')).toContain('What is wrong with this question?');
    expect(await shell.send('The options overlap.')).toContain('Thanks for the report');
    expect(await rig.store.get(keys.reports(SHELL_TEAM))).toBeDefined();
  });

  it('quiz suggest asks for the three wrong answers one line at a time, and sends them', async () => {
    await shell.send('quiz suggest');
    for (const line of TYPED_SUGGESTION.slice(0, 3)) await shell.send(line);
    // The answer's line brings the wrong answers' prompt.
    expect(shell.transcript).toMatch(
      /Three wrong answers, one per line \(3 lines, Enter after each, at most \d+ characters; "cancel" stops\):/,
    );
    expect(await shell.send(TYPED_SUGGESTION[3]!)).toContain('Three wrong answers, one per line: line 2 of 3 ("cancel" stops):');
    expect(await shell.send('')).toContain('line 2 of 3');
    expect(await shell.send(TYPED_SUGGESTION[4]!)).toContain('line 3 of 3');
    expect(await shell.send(TYPED_SUGGESTION[5]!)).toMatch(
      /Why it is right \(2 to 5 sentences\) \(one line, at most \d+ characters; "cancel" stops\):/,
    );
    expect(await shell.send(TYPED_SUGGESTION[6]!)).toContain('Thanks: your question went to the quiz admins');
    const [sent] = await rig.engine.suggestions.pending(SHELL_TEAM);
    expect(sent!.question.distractors).toEqual(TYPED_SUGGESTION.slice(3, 6));
    expect(sent!.question.explanation).toBe(TYPED_SUGGESTION[6]);
  });

  it('"cancel" on any line of the wrong answers stops the form', async () => {
    await shell.send('quiz suggest');
    for (const line of TYPED_SUGGESTION.slice(0, 4)) await shell.send(line);
    expect(await shell.send('cancel')).not.toContain('line 3 of 3');
    expect(await rig.engine.suggestions.pending(SHELL_TEAM)).toEqual([]);
    expect(await shell.send('whoami')).not.toContain('(The form was left unsent.)');
  });
});
