import { describe, expect, it } from 'vitest';
import type { DailyChannel } from '../../src/core/daily/channel-model.js';
import { reminderChannel } from '../../src/scheduler/reminder-channel.js';

const channel = (channelId: string, over: Partial<DailyChannel> = {}): DailyChannel => ({
  v: 1,
  channelId,
  time: '09:00',
  timezone: 'UTC',
  paused: false,
  pack: 'mini',
  createdAt: 0,
  updatedAt: 0,
  ...over,
});
const SATURDAY = Date.parse('2026-03-07T12:00:00Z');

describe('the channel whose post sends the review reminders', () => {
  it('is the first running one with a daily today and no attention needed; else whichever posts', () => {
    const all = [channel('first'), channel('second')];
    expect(reminderChannel(all, 'second', SATURDAY)).toBe('first');
    expect(reminderChannel([channel('first', { paused: true }), channel('second')], 'second', SATURDAY)).toBe('second');
    expect(reminderChannel([channel('first', { weekdays: [1, 2, 3, 4, 5] }), channel('second')], 'second', SATURDAY)).toBe('second');
    const broken = channel('first', { attention: { reason: 'missing access', since: 0 } });
    expect(reminderChannel([broken, channel('second')], 'second', SATURDAY)).toBe('second');
    expect(reminderChannel([channel('first', { removedAt: 1 }), channel('second')], 'second', SATURDAY)).toBe('second');
    expect(reminderChannel([channel('only', { paused: true })], 'only', SATURDAY)).toBe('only');
  });
});
