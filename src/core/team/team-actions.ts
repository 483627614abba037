import { actionId, arg } from '../shared/action-codec.js';

/** "Report a problem" under a question: it opens the report form. */
export const REPORT_OPEN = actionId('report', 'open', { questionId: arg.id });
/** The report form's text, sent. */
export const REPORT_SUBMIT = actionId('report', 'submit', { questionId: arg.id });
/** An admin closes a question's open reports. */
export const REPORT_CLOSE = actionId('report', 'close', { questionId: arg.id });
/** "Yes" to quiz forget-me, quiz-admin purge or remove-daily, or "Cancel": the token names the pending request. */
export const CONFIRM_FORGET = actionId('confirm', 'forget', { token: arg.id });
export const CONFIRM_PURGE = actionId('confirm', 'purge', { token: arg.id });
export const CONFIRM_REMOVE_DAILY = actionId('confirm', 'remove-daily', { token: arg.id });
export const CONFIRM_REMOVE_PACK = actionId('confirm', 'remove-pack', { token: arg.id });
/** quiz-admin pack upload's form, on platforms that ask for the file in a form (Slack). */
export const PACK_UPLOAD = actionId('pack', 'upload', {});
export const CONFIRM_CANCEL = actionId('confirm', 'cancel', { token: arg.id });
