import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord, UserError } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { type Line, ref, t } from '../shared/messages.js';
import { ReadCache } from '../shared/read-cache.js';
import { readOrReport, readRecord, updateRecord } from '../shared/records.js';
import type { TeamRef } from '../shared/refs.js';
import { localDate } from '../shared/time.js';
import type { TeamConfig } from '../team/team-model.js';
import { DAILY_CHANNEL_SCHEMA, type DailyChannel, dailyChannelRecord, dailyIdOf, isActive } from './channel-model.js';
import { DAILY_STATE_SCHEMA, type DailyState, dailyRecord, dailyStateRecord } from './daily-model.js';
import { type Due, nextDue } from './schedule.js';

/** How stale the answer path's copy of a team's channels and their states may be (another process's change). */
const ANSWER_PATH_CACHE_MS = 2000;

/** A team's daily channels, and those whose settings cannot be read (by channel id). */
export interface ChannelSurvey {
  channels: DailyChannel[];
  unreadable: string[];
}

/** A daily channel and its cycle's state: what a member's streak is computed from. */
export interface ChannelHistory {
  channelId: string;
  state: DailyState;
}

export function notSetUp(): UserError {
  return new UserError(
    'not-set-up',
    'The daily question is not set up yet: an admin runs quiz-admin setup (in the channel it should go to).',
  );
}

export function emptyState(): DailyState {
  return { v: DAILY_STATE_SCHEMA, postedDays: [], deck: { pack: '', order: [], next: 0 } };
}

/** A team's daily channels: their settings, their cycle's state, and the index the scheduler plans from. */
export class DailyChannels {
  private readonly listeners: ((team: TeamRef, channel: DailyChannel) => void)[] = [];
  private readonly lists: ReadCache<ChannelSurvey>;
  private readonly states: ReadCache<DailyState>;

  constructor(private readonly deps: EngineDeps) {
    this.lists = new ReadCache(deps.clock, ANSWER_PATH_CACHE_MS);
    this.states = new ReadCache(deps.clock, ANSWER_PATH_CACHE_MS);
  }

  /** Called after every change of a channel's daily (the scheduler moves its next post at once). */
  onChanged(listener: (team: TeamRef, channel: DailyChannel) => void): void {
    this.listeners.push(listener);
  }

  /** A channel's daily settings; a corrupt record throws CorruptRecord (that channel's daily stops, no other). */
  get(team: TeamRef, channelId: string): Promise<DailyChannel | undefined> {
    return readRecord(this.deps.store, dailyChannelRecord, keys.dailyChannel(team, channelId));
  }

  /**
   * Every daily channel the team has had, removed ones included, oldest first; and the channels whose settings
   * cannot be read (reported once, left as they are: their daily stops, the others go on, and setup there
   * writes them again).
   */
  async survey(team: TeamRef): Promise<ChannelSurvey> {
    const prefix = keys.dailyChannelPrefix(team);
    const found = await this.deps.store.docKeys(prefix);
    const read = await Promise.all(found.map((key) => readOrReport(this.deps, dailyChannelRecord, key)));
    const channels = read
      .filter((c): c is DailyChannel => c !== undefined)
      .sort((a, b) => a.createdAt - b.createdAt || (a.channelId < b.channelId ? -1 : 1));
    const unreadable = found.filter((_, i) => read[i] === undefined).map((key) => key.slice(prefix.length));
    return { channels, unreadable };
  }

  /** Every daily channel the team has had that can be read, removed ones included, oldest first. */
  async list(team: TeamRef): Promise<DailyChannel[]> {
    return (await this.survey(team)).channels;
  }

  /** The channels whose daily runs, oldest first. */
  async active(team: TeamRef): Promise<DailyChannel[]> {
    return (await this.list(team)).filter(isActive);
  }

  /** The answer path's copy, at most a couple of seconds old (see ReadCache). */
  async cachedList(team: TeamRef): Promise<DailyChannel[]> {
    return (await this.cachedSurvey(team)).channels;
  }

  cachedSurvey(team: TeamRef): Promise<ChannelSurvey> {
    return this.lists.get(keys.dailyChannelPrefix(team), () => this.survey(team));
  }

  /** A new channel's daily starts from the team's defaults. */
  fromDefaults(config: TeamConfig, channelId: string): DailyChannel {
    const now = this.deps.clock.now();
    return {
      v: DAILY_CHANNEL_SCHEMA,
      channelId,
      time: config.time,
      timezone: config.timezone,
      paused: false,
      pack: config.pack,
      createdAt: now,
      updatedAt: now,
    };
  }

  /**
   * Changes a channel's daily atomically (two admins, or an admin and a failing post, never undo each other),
   * keeps the scheduler's index in step, and tells the listeners. `create` makes the record of a new channel;
   * with `repair`, a corrupt record is replaced by what `change` makes of a new one (quiz-admin setup only).
   */
  async update(
    team: TeamRef,
    channelId: string,
    change: (channel: DailyChannel) => DailyChannel,
    { create, repair = false }: { create?: () => DailyChannel; repair?: boolean } = {},
  ): Promise<DailyChannel> {
    const key = keys.dailyChannel(team, channelId);
    const changed = (previous: DailyChannel | undefined): DailyChannel | undefined => {
      const base = previous ?? create?.();
      return base && { ...change(base), channelId, updatedAt: this.deps.clock.now() };
    };
    let saved: DailyChannel | undefined;
    try {
      saved = await updateRecord(this.deps.store, dailyChannelRecord, key, changed);
    } catch (error) {
      if (!(error instanceof CorruptRecord) || !repair || !create) throw error;
      saved = changed(undefined)!;
      await this.deps.store.set(key, saved);
      this.deps.log.warn({ team, key }, 'corrupt daily channel settings replaced by quiz-admin setup');
    }
    if (!saved) throw new UserError('not-found', 'That channel has no daily question.');
    this.lists.forget(keys.dailyChannelPrefix(team));
    if (isActive(saved)) {
      await this.deps.store.set(keys.dailyIndex(team, channelId), { at: saved.updatedAt });
      await this.deps.store.set(keys.teamIndex(team), { platform: team.platform, teamId: team.teamId });
    } else {
      await this.deps.store.delete(keys.dailyIndex(team, channelId));
    }
    for (const listener of this.listeners) listener(team, saved);
    return saved;
  }

  /**
   * A channel's next scheduled daily, which the scheduler plans from: none when its daily was removed, stopped
   * after a permanent failure (until an admin runs setup again), is paused, has no day left in its week, or the
   * bot was removed from the team. A day claimed whose daily was never sent is still due: recovery sends it.
   */
  async scheduledDue(team: TeamRef, config: TeamConfig, channel: DailyChannel | undefined): Promise<Due | undefined> {
    if (!channel || !isActive(channel) || channel.attention || config.removedAt !== undefined) return undefined;
    const today = localDate(this.deps.clock.now(), channel.timezone);
    const id = dailyIdOf(channel, today);
    const claimed = (await this.deps.store.getClaim(keys.dailyClaim(team, id))) !== undefined;
    const sent = claimed && (await readRecord(this.deps.store, dailyRecord, keys.daily(team, id)))?.messageId !== undefined;
    return nextDue(channel, today, sent);
  }

  /**
   * When a channel's next daily goes out, for admins. `late`: today's was due earlier and is not posted yet, so it
   * goes out within the minute (the scheduler catches up while the day lasts, and retries a failed post).
   */
  async nextPost(team: TeamRef, config: TeamConfig, channel: DailyChannel): Promise<{ at: number; late: boolean } | undefined> {
    const due = await this.scheduledDue(team, config, channel);
    return due && { at: due.at, late: due.at < this.deps.clock.now() };
  }

  /** A post to the channel failed for good: admins are told at their next command until setup runs again. */
  markAttention(team: TeamRef, channelId: string, reason: string): Promise<DailyChannel> {
    return this.update(team, channelId, (c) => ({ ...c, attention: { reason, since: this.deps.clock.now() } }));
  }

  /** The daily cycle's state. A corrupt one throws CorruptRecord: this channel's dailies stop, nobody else's. */
  async state(team: TeamRef, channelId: string): Promise<DailyState> {
    return (await readRecord(this.deps.store, dailyStateRecord, keys.dailyState(team, channelId))) ?? emptyState();
  }

  async saveState(team: TeamRef, channelId: string, state: DailyState): Promise<void> {
    await this.deps.store.set(keys.dailyState(team, channelId), state);
    this.states.put(keys.dailyState(team, channelId), state);
  }

  cachedState(team: TeamRef, channelId: string): Promise<DailyState> {
    return this.states.get(keys.dailyState(team, channelId), () => this.state(team, channelId));
  }

  /**
   * Every daily channel's posted days and open daily, removed channels included (their days still count for
   * those who took part): a member's streak is computed from these. A channel whose state cannot be read is
   * reported and counts no day.
   */
  async histories(team: TeamRef): Promise<ChannelHistory[]> {
    const channels = await this.cachedList(team);
    return Promise.all(
      channels.map(async ({ channelId }) => {
        try {
          return { channelId, state: await this.cachedState(team, channelId) };
        } catch (error) {
          if (!(error instanceof CorruptRecord)) throw error;
          return { channelId, state: emptyState() };
        }
      }),
    );
  }

  /**
   * The daily channel an admin command acts on: the one named, else the one it was run in, else the team's only
   * one. Anything else is an error that lists the team's daily channels.
   */
  async target(team: TeamRef, currentChannelId: string, named?: string): Promise<DailyChannel> {
    const active = await this.active(team);
    const wanted = named ?? currentChannelId;
    const found = active.find((c) => c.channelId === wanted);
    if (found) return found;
    if (named === undefined && active.length === 1) return active[0]!;
    if (active.length === 0) throw notSetUp();
    const list: Line = active.flatMap((c, i) => [...(i ? [t(', ')] : []), ref('channel', c.channelId)]);
    const ids = active.map((c) => c.channelId).join(', ');
    if (named === undefined) {
      throw new UserError('not-found', `This channel has no daily question: run the command in a daily channel, or name one (${ids}).`, [
        t('This channel has no daily question: run the command in a daily channel, or name one ('),
        ...list,
        t(').'),
      ]);
    }
    throw new UserError('not-found', `Channel ${named} has no daily question. The team's daily channels: ${ids}.`, [
      ref('channel', named),
      t(' has no daily question. The team’s daily channels: '),
      ...list,
      t('.'),
    ]);
  }
}
