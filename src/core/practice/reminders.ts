import { z } from 'zod';
import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { b, line, t } from '../shared/messages.js';
import { type RecordKind, readRecord, recordKind, reportCorrupt, updateRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import { localDate } from '../shared/time.js';
import type { Teams } from '../team/teams.js';
import type { SpacedRepetition } from './srs.js';

/** A reminder goes out when at least this many reviews are due. */
export const REMIND_AT_DUE = 10;

export interface RemindersDoc {
  v: 1;
  members: string[];
}
export const remindersRecord: RecordKind<RemindersDoc> = recordKind(
  'the review reminders',
  z.looseObject({ v: z.literal(1), members: z.array(z.string()) }),
);

/** Review reminders: opt-in per member, sent at the team's daily time, at most once a day. */
export class Reminders {
  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly srs: SpacedRepetition,
  ) {}

  async set(member: MemberRef, on: boolean): Promise<void> {
    await updateRecord(this.deps.store, remindersRecord, keys.reminders(member), (doc) => {
      const members = new Set(doc?.members ?? []);
      if (on) members.add(member.userId);
      else members.delete(member.userId);
      return { v: 1 as const, members: [...members].sort() };
    });
  }

  async subscribers(team: TeamRef): Promise<string[]> {
    return (await readRecord(this.deps.store, remindersRecord, keys.reminders(team)))?.members ?? [];
  }

  /** Called when the team's daily goes out: each subscriber with enough reviews due hears about it, once a day. */
  async send(team: TeamRef): Promise<number> {
    const config = await this.teams.config(team);
    const now = this.deps.clock.now();
    const day = localDate(now, config.timezone);
    let sent = 0;
    for (const userId of await this.subscribers(team)) {
      // One member's unreadable cards never stop the others' reminders.
      const cards = await this.srs.cards({ ...team, userId }).catch((error: unknown) => {
        if (!(error instanceof CorruptRecord)) throw error;
        reportCorrupt(this.deps.log, error, { team, userId });
      });
      if (!cards) continue;
      const due = this.srs.due(cards, now).length;
      if (due < REMIND_AT_DUE) continue;
      if (!(await this.deps.store.claim(keys.reminded(team, userId, day), '1', 2 * 24 * 60 * 60 * 1000))) continue;
      try {
        await this.deps.messenger.sendPrivate(
          team,
          userId,
          {
            title: '⏰ Time for a review',
            lines: [
              line(t('You have '), b(String(due)), t(' questions due for review. '), b('quiz review'), t(' shows them, privately.')),
              line(t('Turn these off with quiz remind off.')),
            ],
            tone: 'info',
          },
          { idempotencyKey: `remind:${userId}:${day}` },
        );
        sent++;
      } catch (error) {
        this.deps.log.warn({ err: error, team, userId }, 'could not send a review reminder');
      }
    }
    return sent;
  }
}
