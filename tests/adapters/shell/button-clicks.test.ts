import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clickFor, type ShownMessage } from '../../../src/adapters/shell/button-clicks.js';
import type { Button } from '../../../src/core/shared/messages.js';
import { type ShellDriver, startShellRig } from '../../fakes/shell-driver.js';

const message = (number: number, buttons: Button[], owner?: string): ShownMessage => ({ number, message: { lines: [], buttons }, owner });
const letters = (prefix: string, disabled = false): Button[] =>
  ['A', 'B', 'C', 'D'].map((l) => ({ actionId: `${prefix}:${l}`, label: l, disabled }));

describe('clicking a button by typing its label', () => {
  const shown = [
    message(1, letters('daily', true)),
    message(2, [{ actionId: 'r', label: 'Report a problem' }], 'ann'),
    message(3, [...letters('practice'), { actionId: 'n', label: 'Next', disabled: true }], 'ann'),
    message(4, [], undefined),
  ];

  it('without a number, clicks in the channel typed in (or a direct message); a button elsewhere is pointed to', () => {
    const nyc = { ...message(1, letters('daily-nyc')), channelId: 'nyc' };
    const x = { ...message(2, letters('daily-x')), channelId: 'x' };
    const dm = message(3, [{ actionId: 'remind', label: 'Stop reminders' }], 'ann');
    const all = [nyc, x, dm];
    expect(clickFor(all, 'ann', 'C', 'nyc')).toEqual({ shown: nyc, actionId: 'daily-nyc:C' });
    expect(clickFor(all, 'ann', 'C', 'x')).toEqual({ shown: x, actionId: 'daily-x:C' });
    expect(clickFor(all, 'ann', 'stop', 'nyc')).toEqual({ shown: dm, actionId: 'remind' });
    expect(clickFor([x], 'ann', 'C', 'nyc')).toEqual({ refused: 'No button "C" in #nyc: message #2 in #x has one (type #2 C).' });
    expect(clickFor(all, 'ann', '#2 C', 'nyc')).toEqual({ shown: x, actionId: 'daily-x:C' });
  });

  it('clicks an open button; says why a closed one or a missing message clicks nothing', () => {
    expect(clickFor(shown, 'ann', 'B')).toEqual({ shown: shown[2], actionId: 'practice:B' });
    expect(clickFor(shown, 'ann', '#1 A')).toEqual({ refused: "Message #1's buttons are closed." });
    expect(clickFor(shown, 'bob', 'A')).toEqual({ refused: "Message #1's buttons are closed." });
    expect(clickFor(shown, 'ann', 'next')).toEqual({ refused: 'Message #3\'s button "Next" is closed.' });
    expect(clickFor(shown, 'ann', '#9 A')).toEqual({ refused: 'There is no message #9.' });
    expect(clickFor(shown, 'bob', '#2 Report')).toEqual({
      refused: 'Message #2 was sent privately to another member: only they can click its buttons.',
    });
    expect(clickFor(shown, 'ann', '#4 A')).toEqual({ refused: 'Message #4 has no buttons.' });
    expect(clickFor(shown, 'ann', '#3 E')).toEqual({ refused: 'Message #3 has no button "E" (its buttons: "A", "B", "C", "D", "Next").' });
    // Not a label at all, without a message number: not a click.
    expect(clickFor(shown, 'ann', 'hello')).toBeUndefined();
  });
});

describe('a click on another channel’s message, in the shell', () => {
  let shell: ShellDriver;
  beforeEach(async () => {
    ({ shell } = await startShellRig());
  });
  afterEach(() => shell.stop());

  it('is that channel’s event: its reply and the reply’s buttons are in that channel', async () => {
    await shell.send('in #x');
    await shell.send('quiz-admin setup');
    const posted = await shell.send('quiz-admin post');
    const daily = /┌─ #(\d+) · #x[^\n]*\n(?:│[^\n]*\n)*│ \[A\] \[B\] \[C\] \[D\]/.exec(posted)![1]!;
    await shell.send('in #nyc');
    await shell.send('as ann');
    const feedback = await shell.send(`#${daily} C`);
    expect(feedback).toContain('Report a problem');
    // The feedback is #x's: its button is not one of #nyc's messages, and is pointed to.
    expect(await shell.send('Report a problem')).toMatch(/No button "Report a problem" in #nyc: message #\d+ in #x has one/);
    await shell.send('in #x');
    expect(await shell.send('Report a problem')).not.toContain('No button');
  });
});

describe('closed buttons in the shell', () => {
  let shell: ShellDriver;
  beforeEach(async () => {
    ({ shell } = await startShellRig());
  });
  afterEach(() => shell.stop());

  it('a closed daily’s buttons say the message is closed; a message that does not exist is named', async () => {
    await shell.send('quiz-admin setup');
    const posted = await shell.send('quiz-admin post');
    // The daily: the public message with the letter buttons.
    const daily = /┌─ #(\d+) · #general[^\n]*\n(?:│[^\n]*\n)*│ \[A\] \[B\] \[C\] \[D\]/.exec(posted)![1]!;
    expect(shell.shown(daily).buttons).toEqual(['A', 'B', 'C', 'D']);
    expect(await shell.send('quiz-admin close')).toContain('(closed)');
    expect(await shell.send(`#${daily} A`)).toContain(`Message #${daily}'s buttons are closed.`);
    await shell.send('as ann');
    expect(await shell.send('C')).toContain(`Message #${daily}'s buttons are closed.`);
    expect(await shell.send('#99 A')).toContain('There is no message #99.');
  });
});
