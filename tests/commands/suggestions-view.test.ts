import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { suggestionsView } from '../../src/commands/suggestions.js';
import type { Suggestion } from '../../src/core/bank/suggestion-model.js';
import { line, t } from '../../src/core/shared/messages.js';
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
