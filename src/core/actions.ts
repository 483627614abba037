import {
  SUGGEST_APPROVE,
  SUGGEST_APPROVE_AS,
  SUGGEST_EDIT,
  SUGGEST_REASON,
  SUGGEST_REJECT,
  SUGGEST_SAVE,
  SUGGEST_SUBMIT,
} from './bank/suggestion-actions.js';
import { DAILY_ANSWER } from './daily/daily-actions.js';
import {
  INTERVIEW_END,
  INTERVIEW_RATE,
  INTERVIEW_SHOW,
  INTERVIEW_SUBMIT,
  INTERVIEW_TYPE,
  OPEN_DAILY_RATE,
  OPEN_DAILY_SHOW,
  OPEN_DAILY_SUBMIT,
  OPEN_DAILY_TYPE,
} from './interview/interview-actions.js';
import { PRACTICE_ANSWER, PRACTICE_NEXT, SRS_RATE } from './practice/practice-actions.js';
import { ROUND_ANSWER } from './rounds/round-actions.js';
import { type ActionId, decodeParts } from './shared/action-codec.js';
import {
  CONFIRM_CANCEL,
  CONFIRM_FORGET,
  CONFIRM_PURGE,
  CONFIRM_REMOVE_DAILY,
  CONFIRM_REMOVE_PACK,
  PACK_UPLOAD,
  REPORT_CLOSE,
  REPORT_OPEN,
  REPORT_SUBMIT,
} from './team/team-actions.js';

export { MAX_ACTION_ID_LENGTH } from './shared/action-codec.js';

/**
 * Every kind of button Backprop posts. An id posted by any earlier version keeps decoding: the encodings are
 * fixed (tests/core/actions.test.ts holds ids made by the previous version).
 */
export const ACTION_IDS = [
  DAILY_ANSWER,
  PRACTICE_ANSWER,
  PRACTICE_NEXT,
  ROUND_ANSWER,
  SRS_RATE,
  INTERVIEW_TYPE,
  INTERVIEW_SUBMIT,
  INTERVIEW_SHOW,
  INTERVIEW_RATE,
  INTERVIEW_END,
  OPEN_DAILY_TYPE,
  OPEN_DAILY_SUBMIT,
  OPEN_DAILY_SHOW,
  OPEN_DAILY_RATE,
  REPORT_OPEN,
  REPORT_SUBMIT,
  REPORT_CLOSE,
  CONFIRM_FORGET,
  CONFIRM_PURGE,
  CONFIRM_REMOVE_DAILY,
  CONFIRM_REMOVE_PACK,
  PACK_UPLOAD,
  CONFIRM_CANCEL,
  SUGGEST_SUBMIT,
  SUGGEST_APPROVE,
  SUGGEST_APPROVE_AS,
  SUGGEST_EDIT,
  SUGGEST_REJECT,
  SUGGEST_SAVE,
  SUGGEST_REASON,
] as const;

type AnyId = (typeof ACTION_IDS)[number];
type ActionOf<I> = I extends ActionId<infer NS, infer V, infer A> ? { ns: NS; verb: V } & A : never;
/** A decoded button: its kind and its arguments. */
export type Action = ActionOf<AnyId>;
export type ActionKey = AnyId['key'];
/** The decoded action of one kind of button. */
export type ActionFor<K extends ActionKey> = Extract<
  Action,
  { ns: K extends `${infer NS}:${string}` ? NS : never; verb: K extends `${string}:${infer V}` ? V : never }
>;

const BY_KEY = new Map<string, AnyId>(ACTION_IDS.map((id) => [id.key, id]));

export type Decoded = { ok: true; action: Action } | { ok: false; error: string };

/** Parses a button id from a platform. Never throws: anything malformed or unknown is an error value. */
export function decodeAction(id: unknown): Decoded {
  const split = decodeParts(id);
  if (!split.ok) return split;
  const kind = BY_KEY.get(split.key);
  const args = kind ? kind.decode(split.parts) : { ok: false as const, error: 'an unknown action' };
  if (!args.ok) return { ok: false, error: `${args.error} in action id "${String(id).slice(0, 100)}"` };
  return { ok: true, action: { ns: kind!.ns, verb: kind!.verb, ...args.args } as Action };
}

/** The id of any action (renderers use each kind's own encode; this serves code that holds an Action). */
export function encodeAction(action: Action): string {
  const kind = BY_KEY.get(`${action.ns}:${action.verb}`);
  if (!kind) throw new Error(`no button kind ${action.ns}:${action.verb}`);
  const { ns: _, verb: __, ...args } = action;
  return (kind.encode as (a: typeof args) => string)(args);
}
