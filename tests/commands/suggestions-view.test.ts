import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderForTerminal } from '../../src/adapters/shell/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { suggestionsView } from '../../src/commands/suggestions.js';
import type { Suggestion } from '../../src/core/bank/suggestion-model.js';
import { buttonsAmongLines, line, t } from '../../src/core/shared/messages.js';
import { messageProblems } from '../fakes/discord/message-rules.js';
import { blockKitProblems } from '../fakes/slack/message-rules.js';

/** A waiting suggestion whose fields are `size` long (the form's most: 500, 300, 300 each, 1,500). */
function suggestion(n: number, size: 'short' | 'longest'): Suggestion {
  const long = size === 'longest';
  const text = (max: number, what: string) => (long ? `${what} ${n} `.padEnd(max, 'x') : `${what} ${n}`);
  return {
    v: 1,
    id: `s${n}`,
    question: {
      id: `q-${n}`,
      topic: 'our-stack',
      difficulty: 2,
      prompt: text(500, 'prompt'),
      answer: text(300, 'answer'),
      distractors: [text(300, 'wrong a'), text(300, 'wrong b'), text(300, 'wrong c')],
      explanation: text(1500, 'explanation'),
    },
    topicName: 'Our stack',
    suggestedBy: `u${n}`,
    suggestedAt: 1_770_000_000_000 + n,
  };
}

describe('the list of waiting suggestions', () => {
  it('shows five short ones with five buttons each, within both platforms’ limits', () => {
    const view = suggestionsView(Array.from({ length: 7 }, (_, i) => suggestion(i + 1, 'short')));
    expect(view.buttons).toHaveLength(25);
    expect(view.footer).toContain('2 more after these');
    expect(messageProblems(renderDiscord(view))).toEqual([]);
    expect(blockKitProblems(renderSlack(view).blocks)).toEqual([]);
  });

  it('puts each suggestion’s buttons under it on Slack and in the terminal; on Discord one row each', () => {
    const view = suggestionsView(Array.from({ length: 3 }, (_, i) => suggestion(i + 1, 'short')));
    const { blocks } = renderSlack(view);
    // header, then per suggestion: its text, then its five buttons (approve green, reject red).
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions', 'section', 'actions', 'section', 'actions']);
    for (const n of [1, 2, 3]) {
      const [text, actions] = [blocks[2 * n - 1] as any, blocks[2 * n] as any];
      expect(text.text.text).toContain(`${n}. prompt ${n}`);
      expect(text.text.text.trimStart()).toBe(text.text.text);
      expect(text.text.text).not.toContain(`${n + 1}. prompt`);
      expect(actions.elements.map((e: any) => [e.text.text, e.style])).toEqual([
        [`Approve ${n} easy`, 'primary'],
        [`Approve ${n} medium`, 'primary'],
        [`Approve ${n} hard`, 'primary'],
        [`Edit ${n}`, undefined],
        [`Reject ${n}`, 'danger'],
      ]);
    }
    const terminal = renderForTerminal(view, 'test', { ansi: false }).split('\n');
    const at = (text: string) => terminal.findIndex((l) => l.includes(text));
    expect(at('[Approve 1 easy]')).toBeGreaterThan(at('1. prompt 1'));
    expect(at('[Approve 1 easy]')).toBeLessThan(at('2. prompt 2'));
    expect(at('[Approve 3 easy]')).toBeGreaterThan(at('3. prompt 3'));
    expect(terminal[at('[Approve 2 easy]')]).toBe('│ [Approve 2 easy] [Approve 2 medium] [Approve 2 hard] [Edit 2] [Reject 2]');
    // A blank line between suggestions, none after the last one's buttons.
    expect(terminal[at('2. prompt 2') - 1]).toBe('│');
    expect(terminal.slice(-2)).toEqual(['│ [Approve 3 easy] [Approve 3 medium] [Approve 3 hard] [Edit 3] [Reject 3]', '└─']);
    const rows = renderDiscord(view).components.map((row) => row.components.map((c) => (c as { label?: string }).label));
    expect(rows.map((row) => row[0])).toEqual(['Approve 1 easy', 'Approve 2 easy', 'Approve 3 easy']);
  });

  it('says "(closed)" once in the terminal, after the last row, when every button is closed', () => {
    const view = suggestionsView(Array.from({ length: 2 }, (_, i) => suggestion(i + 1, 'short')));
    const closed = { ...view, buttons: view.buttons!.map((button) => ({ ...button, disabled: true })) };
    const terminal = renderForTerminal(closed, 'test', { ansi: false }).split('\n');
    expect(terminal.filter((l) => l.includes('(closed)'))).toEqual([
      '│ [Approve 2 easy] [Approve 2 medium] [Approve 2 hard] [Edit 2] [Reject 2] (closed)',
    ]);
    expect(renderForTerminal(view, 'test', { ansi: false })).not.toContain('(closed)');
  });

  it('places buttons after their line, and those without one (or past the end) after the last', () => {
    const lines = [line(t('a')), line(t('b')), line(t('c'))];
    const button = (label: string, afterLine?: number) => ({ label, actionId: `x:${label}`, afterLine });
    const parts = buttonsAmongLines(lines, [button('end'), button('b1', 1), button('a1', 0), button('b2', 1), button('far', 9)]);
    expect(parts.map((p) => [p.lines.map((l) => l[0]!.text), p.buttons.map((b) => b.label)])).toEqual([
      [['a'], ['a1']],
      [['b'], ['b1', 'b2']],
      [['c'], ['end', 'far']],
    ]);
  });

  it('shows fewer, whole, when they are long: every shown question fits Discord’s 4,096 characters, status included', () => {
    const status = line(t('✅ Approved (hard): '), { text: 'p'.repeat(500), bold: true });
    const view = suggestionsView(
      Array.from({ length: 5 }, (_, i) => suggestion(i + 1, 'longest')),
      status,
    );
    expect(view.buttons!.map((b) => b.label)).toEqual(['Approve 1 easy', 'Approve 1 medium', 'Approve 1 hard', 'Edit 1', 'Reject 1']);
    expect(view.footer).toContain('4 more after these');
    const embed = renderDiscord(view).embeds![0]!;
    expect(messageProblems(renderDiscord(view))).toEqual([]);
    // Nothing of the shown question was cut: its explanation's end and the line after it are there.
    expect(embed.description).toContain('x'.repeat(40));
    expect(embed.description).toContain('Suggested by');
  });

  it('counts the characters Discord escapes: text full of markdown characters makes the list shorter, never cut', () => {
    // Two suggestions of about 1,450 characters, a third of them markdown characters (a_b, x*y): together they fit as
    // typed, not once each of those characters is escaped.
    const marked = (n: number): Suggestion => {
      const s = suggestion(n, 'short');
      const text = 'a_b*c '.repeat(200);
      return { ...s, question: { ...s.question, prompt: text.slice(0, 400), explanation: text.slice(0, 1000) } };
    };
    const status = line(t('✅ Approved (easy): '), { text: 'p'.repeat(120), bold: true });
    const view = suggestionsView([marked(1), marked(2)], status);
    expect(view.buttons).toHaveLength(5);
    const description = renderDiscord(view).embeds![0]!.description!;
    expect(description.length).toBeLessThanOrEqual(4096);
    expect(description).toContain('Suggested by');
  });
});
