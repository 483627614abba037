import { describe, expect, it, vi } from 'vitest';
import { answerModal } from '../../../src/adapters/slack/forms.js';
import type { Reply } from '../../../src/core/shared/messages.js';

const reply = (extra: Partial<Reply> = {}): Reply => ({ visibility: 'private', message: { lines: [] }, ...extra });

describe('answering a submitted Slack modal', () => {
  it('refused answers keep it open with each problem under its field; others close it and are sent', async () => {
    const ack = vi.fn(async () => undefined);
    expect(await answerModal(ack, Promise.resolve(reply({ formProblems: { prompt: 'at least 10 characters' } })))).toBeUndefined();
    expect(ack).toHaveBeenLastCalledWith({ response_action: 'errors', errors: { 'field-prompt': 'at least 10 characters' } });
    const sent = reply();
    expect(await answerModal(ack, Promise.resolve(sent))).toBe(sent);
    expect(ack).toHaveBeenLastCalledWith();
    expect(ack).toHaveBeenCalledTimes(2);
  });

  it('a failed answer is still acknowledged once, then thrown', async () => {
    const ack = vi.fn(async () => undefined);
    await expect(answerModal(ack, Promise.reject(new Error('the store went away')))).rejects.toThrow('the store went away');
    expect(ack).toHaveBeenCalledTimes(1);
    expect(ack).toHaveBeenCalledWith();
  });
});
