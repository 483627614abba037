import { type Line, line, type OutMessage, privateReply, type Reply, t } from '../core/shared/messages.js';
import { CONFIRM_CANCEL } from '../core/team/team-actions.js';

/** A short private notice: a title and a line or two. */
export const notice = (title: string, ...lines: OutMessage['lines']): Reply => privateReply({ title, lines, tone: 'info' });

/** "Are you sure?" with a destructive Yes and a Cancel; the token says what is confirmed, and by whom. */
export function confirmation(yesId: string, token: string, title: string, text: string | Line[], yes: string): Reply {
  return privateReply({
    title,
    lines: typeof text === 'string' ? [line(t(text))] : text,
    buttons: [
      { actionId: yesId, label: yes, style: 'danger' },
      { actionId: CONFIRM_CANCEL.encode({ token }), label: 'Cancel', style: 'secondary' },
    ],
    tone: 'warning',
  });
}
