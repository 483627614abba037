import type { Platform } from '../shared/refs.js';

/**
 * What the dispatcher and the scheduler report for /metrics, in neutral terms: the Prometheus side lives in
 * src/ops/ (the engine and its callers never see a metrics library). Every value here is one of a few fixed
 * words, never a team, member or channel id, so a metric's series stay few however many teams there are.
 */
export type EventKind = 'command' | 'button' | 'form';
export type EventOutcome = 'ok' | 'user_error' | 'refused_stopping' | 'store_unreachable' | 'failed';

export interface EventMetrics {
  /** One event answered: how it ended, and how long it took from arriving to its reply being ready. */
  eventHandled(platform: Platform, kind: EventKind, outcome: EventOutcome, seconds: number): void;
}

/** posted: the daily went out; retried: a transient failure, tried again later; refused: refused for good. */
export type DailyPostResult = 'posted' | 'retried' | 'refused';

export interface ScheduleMetrics {
  /** One scheduled daily post attempt; lateMs when it went out (how long after its due time). */
  dailyPost(result: DailyPostResult, lateMs?: number): void;
}

/** Nothing is counted (tests and tools that build a dispatcher or a scheduler without /metrics). */
export const noMetrics: EventMetrics & ScheduleMetrics = {
  eventHandled: () => undefined,
  dailyPost: () => undefined,
};
