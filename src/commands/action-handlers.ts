import type { Action } from '../core/action-ids.js';
import type { Engine } from '../core/engine.js';
import { privateReply, replaceReply, type Reply } from '../core/messages.js';
import type { MemberRef } from '../core/model.js';
import { isSummary } from '../core/practice.js';
import { renderDailyFeedback } from '../core/render/daily.js';
import { renderPracticeFeedback, renderPracticeQuestion, renderPracticeSummary } from '../core/render/practice.js';

/** What a button click does. The member is the one from the event; the id only says which button. */
export async function handleAction(engine: Engine, member: MemberRef, action: Action): Promise<Reply> {
  switch (action.ns) {
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
