import { isLetter, type Letter } from './presentation.js';

/**
 * Button ids: short keys of the form <ns>:<verb>:<args>, never state. Who clicked comes from the event; whether
 * the click still counts (open, owned, not yet answered) is looked up in the store.
 */
export type Action =
  | { ns: 'daily'; verb: 'answer'; dailyId: string; letter: Letter }
  | { ns: 'practice'; verb: 'answer'; sessionId: string; step: number; letter: Letter }
  | { ns: 'practice'; verb: 'next'; sessionId: string; step: number }
  | { ns: 'round'; verb: 'answer'; roundId: string; step: number; letter: Letter }
  /** Hard (2), Good (3) or Easy (4) for the spaced-repetition review made at `at` (ms) of a question. */
  | { ns: 'srs'; verb: 'rate'; questionId: string; at: number; grade: 2 | 3 | 4 }
  /** open: the "Report a problem" button; submit: the form it opens; close: an admin closes the question's reports. */
  | { ns: 'report'; verb: 'open' | 'submit' | 'close'; questionId: string }
  | { ns: 'confirm'; verb: 'forget' | 'purge' | 'cancel'; token: string };

/** Discord caps custom ids at 100 characters (Slack at 255): the lower limit holds for every platform. */
export const MAX_ACTION_ID_LENGTH = 100;
const ARG = /^[A-Za-z0-9_.-]{1,64}$/;
const STEP = /^(0|[1-9]\d{0,2})$/;

export function encodeAction(action: Action): string {
  let parts: string[];
  switch (action.ns) {
    case 'daily':
      parts = [action.ns, action.verb, action.dailyId, action.letter];
      break;
    case 'practice':
      parts =
        action.verb === 'answer'
          ? [action.ns, action.verb, action.sessionId, String(action.step), action.letter]
          : [action.ns, action.verb, action.sessionId, String(action.step)];
      break;
    case 'round':
      parts = [action.ns, action.verb, action.roundId, String(action.step), action.letter];
      break;
    case 'report':
      parts = [action.ns, action.verb, action.questionId];
      break;
    case 'srs':
      parts = [action.ns, action.verb, action.questionId, action.at.toString(36), String(action.grade)];
      break;
    case 'confirm':
      parts = [action.ns, action.verb, action.token];
      break;
  }
  const id = parts.join(':');
  const decoded = decodeAction(id);
  if (!decoded.ok) throw new Error(`cannot encode action ${JSON.stringify(action)}: ${decoded.error}`);
  return id;
}

export type Decoded = { ok: true; action: Action } | { ok: false; error: string };

/** Parses a button id from a platform. Never throws: anything malformed or unknown is an error value. */
export function decodeAction(id: unknown): Decoded {
  if (typeof id !== 'string') return { ok: false, error: 'the action id is not text' };
  if (id.length === 0 || id.length > MAX_ACTION_ID_LENGTH) return { ok: false, error: 'the action id has a bad length' };
  const parts = id.split(':');
  const [ns, verb, ...args] = parts;
  const bad = (why: string): Decoded => ({ ok: false, error: `${why} in action id "${id.slice(0, 100)}"` });
  if (!args.every((a) => ARG.test(a))) return bad('a malformed argument');
  if (ns === 'daily' && verb === 'answer' && args.length === 2) {
    const [dailyId, letter] = args as [string, string];
    if (!isLetter(letter)) return bad('an unknown option letter');
    return { ok: true, action: { ns, verb, dailyId, letter } };
  }
  if (ns === 'practice' && verb === 'answer' && args.length === 3) {
    const [sessionId, step, letter] = args as [string, string, string];
    if (!STEP.test(step)) return bad('a malformed step');
    if (!isLetter(letter)) return bad('an unknown option letter');
    return { ok: true, action: { ns, verb, sessionId, step: Number(step), letter } };
  }
  if (ns === 'round' && verb === 'answer' && args.length === 3) {
    const [roundId, step, letter] = args as [string, string, string];
    if (!STEP.test(step)) return bad('a malformed step');
    if (!isLetter(letter)) return bad('an unknown option letter');
    return { ok: true, action: { ns, verb, roundId, step: Number(step), letter } };
  }
  if (ns === 'practice' && verb === 'next' && args.length === 2) {
    const [sessionId, step] = args as [string, string];
    if (!STEP.test(step)) return bad('a malformed step');
    return { ok: true, action: { ns, verb, sessionId, step: Number(step) } };
  }
  if (ns === 'srs' && verb === 'rate' && args.length === 3) {
    const [questionId, at, grade] = args as [string, string, string];
    if (!/^[0-9a-z]{1,12}$/.test(at) || !['2', '3', '4'].includes(grade)) return bad('a malformed rating');
    // Past Number.MAX_SAFE_INTEGER parseInt rounds ("zzzzzzzzzzzz" became a time encodeAction cannot write back):
    // no id the bot made holds such a time.
    const atMs = parseInt(at, 36);
    if (!Number.isSafeInteger(atMs)) return bad('a malformed rating');
    return { ok: true, action: { ns, verb, questionId, at: atMs, grade: Number(grade) as 2 | 3 | 4 } };
  }
  if (ns === 'report' && (verb === 'open' || verb === 'submit' || verb === 'close') && args.length === 1) {
    return { ok: true, action: { ns, verb, questionId: args[0]! } };
  }
  if (ns === 'confirm' && (verb === 'forget' || verb === 'purge' || verb === 'cancel') && args.length === 1) {
    return { ok: true, action: { ns, verb, token: args[0]! } };
  }
  return bad('an unknown action');
}
