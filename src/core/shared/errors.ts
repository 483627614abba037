import type { Line } from './messages.js';

/**
 * Errors a member is meant to see. Anything that is not a UserError is a bug or an outage:
 * it is logged with context and the member gets a short generic line instead (see app/dispatcher).
 */
export type UserErrorCode =
  | 'already-answered'
  | 'question-closed'
  | 'not-allowed'
  | 'not-found'
  | 'stale'
  | 'bad-input'
  | 'not-set-up'
  | 'delivery-failed'
  | 'rate-limited';

export class UserError extends Error {
  /** `shown`: the message with mentions (channels, members) as the platform shows them; the text says the same. */
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly shown?: Line,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const alreadyAnswered = (detail = 'You have already answered this question.') => new UserError('already-answered', detail);
export const questionClosed = (detail = 'This question is closed: answers are no longer accepted.') =>
  new UserError('question-closed', detail);
export const notAllowed = (detail = 'Only quiz admins can do that.') => new UserError('not-allowed', detail);
export const badInput = (detail: string) => new UserError('bad-input', detail);

/**
 * A form's answers refused, with the problem of each field by its id: where the platform can (a Slack modal), the
 * form stays open with each problem under its field, and nothing typed is lost.
 */
export class FormProblems extends UserError {
  constructor(
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super('bad-input', message);
  }
}
export const stale = (detail: string) => new UserError('stale', detail);

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/**
 * A platform refused or failed to deliver a post or an edit. Adapters throw it; the engine and the scheduler
 * decide: transient (rate limits after the client's own retries, 5xx, timeouts) may be retried; permanent
 * (missing access, unknown or archived channel) marks the team as needing attention.
 */
export class DeliveryError extends Error {
  constructor(
    readonly permanent: boolean,
    /** A sentence an admin can act on, for example "Backprop cannot see the daily channel." */
    readonly reason: string,
    options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(reason, { cause: options.cause });
    this.name = 'DeliveryError';
    this.retryAfterMs = options.retryAfterMs;
  }

  /** For rate limits: how long the platform asked us to wait before trying again. */
  readonly retryAfterMs?: number;
}

/**
 * The store (Redis, PostgreSQL) cannot be reached: its connection dropped or is refused. Nothing was changed
 * (each write is atomic), so the member is told to try again shortly; the store's client reconnects by itself.
 */
export class StoreUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the store is unreachable (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'StoreUnavailable';
  }
}

/**
 * A stored record that does not fit its schema (invalid JSON, a wrong type, an impossible value). It is left as it
 * is; what depends on it stops for that team or member only, and the rest carries on.
 */
export class CorruptRecord extends Error {
  constructor(
    readonly key: string,
    /** What the record is: "team settings", "a member's record". */
    readonly what: string,
    readonly problem: string,
  ) {
    super(`${what} at ${key} is corrupt: ${problem}`);
    this.name = 'CorruptRecord';
  }
}
