import { actionId, arg } from '../shared/action-codec.js';

/** quiz suggest's form, sent. */
export const SUGGEST_SUBMIT = actionId('suggest', 'submit', {});
/** An admin's buttons under a waiting suggestion (its short id): approve it as it is, edit it first, reject it. */
export const SUGGEST_APPROVE = actionId('suggest', 'approve', { id: arg.id });
export const SUGGEST_EDIT = actionId('suggest', 'edit', { id: arg.id });
export const SUGGEST_REJECT = actionId('suggest', 'reject', { id: arg.id });
/** The edit form (approves the edited question) and the reject form (an optional reason), sent. */
export const SUGGEST_SAVE = actionId('suggest', 'save', { id: arg.id });
export const SUGGEST_REASON = actionId('suggest', 'reason', { id: arg.id });
