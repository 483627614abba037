import { describe, expect, it } from 'vitest';
import { messageProblems } from './discord/message-rules.js';
import { modalProblems } from './discord/modal-rules.js';
import { blockKitProblems } from './slack/message-rules.js';
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

  const button = (id: string, label = 'Go') => ({ type: 2, style: 1, label, custom_id: id });
  const rows = (n: number, perRow: number) =>
    Array.from({ length: n }, (_, r) => ({ type: 1, components: Array.from({ length: perRow }, (_, b) => button(`a:${r}:${b}`)) }));

  it('Discord messages: 5 rows of 5 buttons pass; a sixth row or button, a repeated id, long labels or ids, and 6,000+ embed characters do not', () => {
    expect(messageProblems({ components: rows(5, 5), embeds: [{ title: 't', description: 'd'.repeat(4096) }] })).toEqual([]);
    expect(messageProblems({ components: rows(6, 1) })).toEqual(['components: at most 5 action rows']);
    expect(messageProblems({ components: rows(1, 6) })).toEqual(['components.0: an action row of 1 to 5 buttons']);
    expect(messageProblems({ components: [{ type: 1, components: [button('x'), button('x')] }] })).toEqual([
      'components.0.components.1.custom_id: duplicated in the message',
    ]);
    expect(messageProblems({ components: [{ type: 1, components: [button('y'.repeat(101), 'z'.repeat(81))] }] })).toEqual([
      'components.0.components.0.label: at most 80 characters',
      'components.0.components.0.custom_id: 1 to 100 characters',
    ]);
    const long = { description: 'd'.repeat(4000), footer: { text: 'f'.repeat(2001) } };
    expect(messageProblems({ embeds: [long] })).toEqual(['embeds: 6001 characters in all, at most 6000']);
  });

  it('Slack messages: 25 buttons in an actions block pass; a 26th, a repeated action_id, long texts or a 51st block do not', () => {
    const slackButton = (id: string, text = 'Go') => ({ type: 'button', action_id: id, text: { type: 'plain_text', text } });
    const actions = (n: number) => ({ type: 'actions', elements: Array.from({ length: n }, (_, i) => slackButton(`a:${i}`)) });
    expect(blockKitProblems([{ type: 'header', text: { type: 'plain_text', text: 'h' } }, actions(25)])).toEqual([]);
    expect(blockKitProblems([actions(26)])).toEqual(['blocks.0.elements: 1 to 25']);
    expect(blockKitProblems([{ type: 'actions', elements: [slackButton('x'), slackButton('x', 'y'.repeat(76))] }])).toEqual([
      'blocks.0.elements.1.text: at most 75 characters',
      'blocks.0.elements.1.action_id: duplicated in the block',
    ]);
    expect(blockKitProblems([{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }])).toEqual([
      'blocks.0.text: at most 3000 characters',
    ]);
    expect(blockKitProblems(Array.from({ length: 51 }, () => actions(1)))).toEqual(['blocks: at most 50']);
  });

  it('Discord messages: long content, 26 fields and a select menu sharing its row are refused; a select alone is not', () => {
    const select = { type: 3, custom_id: 'pick', options: [{ label: 'a', value: 'a' }] };
    expect(messageProblems({ content: 'c'.repeat(2001) })).toEqual(['content: at most 2000 characters']);
    const fields = Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    expect(messageProblems({ embeds: [{ fields }] })).toEqual(['embeds.0.fields: at most 25']);
    expect(messageProblems({ components: [{ type: 1, components: [select] }] })).toEqual([]);
    expect(messageProblems({ components: [{ type: 1, components: [select, button('b')] }] })).toEqual([
      'components.0: a select menu must be alone in its row',
    ]);
  });

  it('Slack messages: an action_id may repeat in another block, a block_id may not; a context block holds 1 to 10 elements', () => {
    const block = (blockId: string) => ({
      type: 'actions',
      block_id: blockId,
      elements: [{ type: 'button', action_id: 'same', text: { type: 'plain_text', text: 'x' } }],
    });
    expect(blockKitProblems([block('b1'), block('b2')])).toEqual([]);
    expect(blockKitProblems([block('b1'), block('b1')])).toEqual(['blocks.1.block_id: duplicated in the message']);
    const context = (n: number) => ({ type: 'context', elements: Array.from({ length: n }, () => ({ type: 'mrkdwn', text: 'c' })) });
    expect(blockKitProblems([context(10)])).toEqual([]);
    expect(blockKitProblems([context(11)])).toEqual(['blocks.0.elements: 1 to 10']);
  });
});
