import { actionId, arg } from '../shared/action-codec.js';

/** quiz suggest's form, sent. */
export const SUGGEST_SUBMIT = actionId('suggest', 'submit', {});
/**
 * An admin's buttons under a waiting suggestion (its short id): approve it at a difficulty, edit it, reject it.
 * SUGGEST_APPROVE, with no difficulty, is on lists posted before the admin chose one: it approves at medium.
 */
export const SUGGEST_APPROVE_AS = actionId('suggest', 'approve-as', { id: arg.id, difficulty: arg.difficulty });
export const SUGGEST_APPROVE = actionId('suggest', 'approve', { id: arg.id });
export const SUGGEST_EDIT = actionId('suggest', 'edit', { id: arg.id });
export const SUGGEST_REJECT = actionId('suggest', 'reject', { id: arg.id });
/** The edit form (keeps the edited question waiting) and the reject form (an optional reason), sent. */
export const SUGGEST_SAVE = actionId('suggest', 'save', { id: arg.id });
export const SUGGEST_REASON = actionId('suggest', 'reason', { id: arg.id });
