import { renderDailyFeedback } from '../core/daily/daily-view.js';
import type { Engine } from '../core/engine.js';
import { isSummary } from '../core/practice/practice.js';
import { renderPracticeFeedback, renderPracticeQuestion, renderPracticeSummary } from '../core/practice/practice-view.js';
import type { Action } from '../core/shared/action-ids.js';
import { encodeAction } from '../core/shared/action-ids.js';
import { notAllowed, stale } from '../core/shared/errors.js';
import { line, privateReply, type Reply, replaceReply, t } from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import { MAX_REPORT_LENGTH } from '../core/team/reports.js';

const done = (title: string, text: string): Reply => replaceReply({ title, lines: [line(t(text))], tone: 'info' });

/** What a button click does. The member is the one from the event; the id only says which button. */
export async function handleAction(engine: Engine, member: MemberRef, action: Action): Promise<Reply> {
  switch (action.ns) {
    case 'srs': {
      const entry = await engine.srs.rate(member, action.questionId, action.at, action.grade);
      const label = { 2: 'Hard', 3: 'Good', 4: 'Easy' }[action.grade];
      return privateReply({
        lines: [
          line(t(`Rated ${label}. You will see this question again around `), { text: String(entry.card.due), ref: 'datetime' }, t('.')),
        ],
        tone: 'info',
      });
    }
    case 'round': {
      const r = await engine.rounds.answer(member, action.roundId, action.step, action.letter);
      return privateReply({
        lines: [line(t(`🟢 Locked in: ${r.letter}. Results when time is up (in ${r.secondsLeft} s).`))],
        tone: 'info',
      });
    }
    case 'report':
      if (action.verb === 'open') {
        return {
          visibility: 'private',
          message: { lines: [line(t('Describe what is wrong with this question (one line), or type "cancel":'))], tone: 'info' },
          form: {
            actionId: encodeAction({ ns: 'report', verb: 'submit', questionId: action.questionId }),
            title: 'Report a problem',
            label: 'What is wrong with this question?',
            maxLength: MAX_REPORT_LENGTH,
          },
        };
      }
      if (action.verb === 'close') {
        if (!(await engine.isAdmin(member))) throw notAllowed();
        const n = await engine.reports.close(member, action.questionId);
        return privateReply({
          lines: [line(t(n ? `Closed ${n} report${n === 1 ? '' : 's'} on ${action.questionId}.` : 'Those reports were already closed.'))],
          tone: 'info',
        });
      }
      throw stale('That form has to be filled in: press "Report a problem" again.');
    case 'confirm':
      if (action.verb === 'cancel') return done('Cancelled.', 'Nothing was deleted.');
      if (action.verb === 'forget') {
        await engine.forget(member, action.token);
        return done('🗑️ Forgotten.', 'Everything Backprop held about you in this team is deleted. Welcome back any time.');
      }
      if (!(await engine.isAdmin(member))) throw notAllowed();
      await engine.purge(member, action.token);
      return done('🗑️ All of this team’s Backprop data is deleted.', 'Run quiz-admin setup to start again.');
    case 'daily':
      // The daily message is public: each member's feedback is a new private reply.
      return privateReply(renderDailyFeedback(await engine.dailies.answer(member, action.dailyId, action.letter)));
    case 'practice': {
      // Practice is private: each click replaces the message it was on.
      if (action.verb === 'answer') {
        const feedback = await engine.practice.answer(member, action.sessionId, action.step, action.letter);
        return replaceReply(renderPracticeFeedback(feedback));
      }
      const next = await engine.practice.next(member, action.sessionId, action.step);
      return replaceReply(isSummary(next) ? renderPracticeSummary(next) : renderPracticeQuestion(next));
    }
  }
}

/** What a submitted form does (the text a member typed). */
export async function handleSubmit(engine: Engine, member: MemberRef, action: Action, text: string): Promise<Reply> {
  if (action.ns !== 'report' || action.verb !== 'submit') throw stale('That form is not one Backprop knows.');
  if (text.trim().toLowerCase() === 'cancel') return privateReply({ lines: [line(t('Nothing was reported.'))], tone: 'info' });
  await engine.reports.add(member, action.questionId, text);
  return privateReply({ title: '🙏 Thanks for the report', lines: [line(t('The quiz admins will look at it.'))], tone: 'success' });
}
