import { describe, expect, it } from 'vitest';
import { modalProblems } from './discord/modal-rules.js';
import { viewProblems } from './slack/view-rules.js';

/** The fakes refuse what the platforms refuse: their rules are tested like the code they hold to them. */
describe('the fake platforms’ form rules', () => {
  const discordModal = (over: Record<string, unknown> = {}, input: Record<string, unknown> = {}) => ({
    custom_id: 'interview:submit:abc:0',
    title: 'Your answer',
    components: [{ type: 1, components: [{ type: 4, custom_id: 'text', label: 'Answer', style: 2, max_length: 2000, ...input }] }],
    ...over,
  });

  it('Discord: a well-formed modal passes; a long title or label, a bad length, no rows, or a modal after a modal do not', () => {
    expect(modalProblems(discordModal(), 3)).toEqual([]);
    expect(modalProblems(discordModal({ title: 'x'.repeat(46) }), 3)).toEqual(['data.title: 1 to 45 characters']);
    expect(modalProblems(discordModal({}, { label: 'y'.repeat(46) }), 3)).toEqual([
      'data.components.0.components.0.label: 1 to 45 characters',
    ]);
    expect(modalProblems(discordModal({}, { max_length: 4001 }), 3)).toEqual(['data.components.0.components.0.max_length: 1 to 4000']);
    expect(modalProblems(discordModal({ components: [] }), 3)).toEqual(['data.components: 1 to 5 action rows']);
    expect(modalProblems(discordModal(), 5)).toEqual(['a MODAL_SUBMIT interaction cannot be answered with a modal']);
  });

  const slackView = (over: Record<string, unknown> = {}, element: Record<string, unknown> = {}) => ({
    type: 'modal',
    callback_id: 'interview:submit:abc:0',
    title: { type: 'plain_text', text: 'Your answer' },
    submit: { type: 'plain_text', text: 'Send' },
    blocks: [
      {
        type: 'input',
        label: { type: 'plain_text', text: 'Answer' },
        element: { type: 'plain_text_input', action_id: 'text', multiline: true, max_length: 2000, ...element },
      },
    ],
    ...over,
  });

  it('Slack: a well-formed view passes; a long title, a bad input length or no blocks do not', () => {
    expect(viewProblems(slackView())).toEqual([]);
    expect(viewProblems(slackView({ title: { type: 'plain_text', text: 'z'.repeat(25) } }))).toEqual([
      'view.title: plain_text of 1 to 24 characters',
    ]);
    expect(viewProblems(slackView({}, { max_length: 3001 }))).toEqual(['view.blocks.0.element.max_length: 1 to 3000']);
    expect(viewProblems(slackView({ blocks: [] }))).toEqual(['view.blocks: 1 to 100 blocks']);
  });
});
