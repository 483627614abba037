import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { lineMrkdwn } from '../../src/adapters/slack/render.js';
import { line, plainText, ref, t } from '../../src/core/shared/messages.js';

const DEADLINE = Date.parse('2026-11-27T17:31:39Z');
const DUE = Date.parse('2026-11-29T08:05:00Z');

describe('instants in messages, on every platform', () => {
  it('a review due days from now shows its date, not only a time of day', () => {
    const due = line(t('Next one due '), ref('datetime', String(DUE)));
    expect(plainText({ lines: [due] })).toBe('Next one due 2026-11-29 08:05 UTC');
    expect(lineMrkdwn(due)).toBe(`Next one due <!date^${DUE / 1000}^{date_short_pretty} at {time}|2026-11-29 08:05 UTC>`);
    expect(renderDiscord({ lines: [due] }).embeds[0]!.description).toBe(`Next one due <t:${DUE / 1000}:R>`);
  });

  it('a deadline seconds away shows its time of day, to the second', () => {
    const closes = line(t('Closes '), ref('time', String(DEADLINE)));
    expect(plainText({ lines: [closes] })).toBe('Closes 17:31:39 UTC');
    expect(lineMrkdwn(closes)).toBe(`Closes <!date^${DEADLINE / 1000}^{time_secs}|17:31:39 UTC>`);
    expect(renderDiscord({ lines: [closes] }).embeds[0]!.description).toBe(`Closes <t:${DEADLINE / 1000}:R>`);
  });
});
