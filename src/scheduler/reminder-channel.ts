import { type DailyChannel, isActive } from '../core/daily/channel-model.js';
import { dueAt } from '../core/daily/schedule.js';
import { localDate } from '../core/shared/time.js';

/**
 * The channel whose post sends a team's review reminders today: the first that runs, needs no attention and has a
 * daily today (the team's daily time), so that a channel in a far timezone does not send them at night; when none
 * does, whichever posts (the once-a-day claim keeps it to one). Pure.
 */
export function reminderChannel(channels: readonly DailyChannel[], posting: string, now: number): string {
  const today = (c: DailyChannel) => dueAt(c, localDate(now, c.timezone)) !== undefined;
  return channels.find((c) => isActive(c) && !c.attention && today(c))?.channelId ?? posting;
}
