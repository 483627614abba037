import { receivePack } from '../commands/packs.js';
import type { Action, ActionFor, ActionKey } from '../core/actions.js';
import { renderDailyFeedback } from '../core/daily/daily-view.js';
import { openDailyForm, renderOpenFeedback } from '../core/daily/open-daily-view.js';
import { openDailyQuestions } from '../core/daily/pack-changes.js';
import { GRADE_NAMES } from '../core/interview/interview-model.js';
import { interviewForm, renderInterviewQuestion, renderInterviewReveal, renderInterviewSummary } from '../core/interview/interview-view.js';
import { isInterviewSummary } from '../core/interview/interviews.js';
import { isSummary } from '../core/practice/practice.js';
import { renderPracticeFeedback, renderPracticeQuestion, renderPracticeSummary } from '../core/practice/practice-view.js';
import { notAllowed, stale, UserError } from '../core/shared/errors.js';
import { type FormInput, type Line, line, privateReply, type Reply, ref, replaceReply, t } from '../core/shared/messages.js';
import { MAX_REPORT_LENGTH } from '../core/team/reports.js';
import { followFirstChannel } from '../core/team/setup.js';
import { REPORT_SUBMIT } from '../core/team/team-actions.js';
import { type ActionContext, type ActionHandler, formOnly } from './handler.js';
import { SUGGESTION_HANDLERS } from './suggestions.js';

const done = (title: string, text: string): Reply => replaceReply({ title, lines: [line(t(text))], tone: 'info' });
const RATING = { 2: 'Hard', 3: 'Good', 4: 'Easy' } as const;
/** What a typing form's message says (the terminal shows it above the form's own prompt; a modal replaces it). */
const TYPING_NOTE = 'Only you see what you type: it is marked against the key points, and never stored.';

/**
 * Every kind of button and what it does: one entry each, keyed like its id (ns:verb). The type requires an entry
 * for every id declared in src/core/actions.ts, and each handler receives that id's own arguments.
 */
export const ACTION_HANDLERS: { [K in ActionKey]: ActionHandler<K> } = {
  'daily:answer': {
    // The daily message is public: each member's feedback is a new private reply.
    async click({ engine, member }, { dailyId, letter }) {
      return privateReply(renderDailyFeedback(await engine.dailies.answer(member, dailyId, letter)));
    },
  },
  'practice:answer': {
    // Practice is private: each click replaces the message it was on.
    async click({ engine, member }, { sessionId, step, letter }) {
      return replaceReply(renderPracticeFeedback(await engine.practice.answer(member, sessionId, step, letter)));
    },
  },
  'practice:next': {
    async click({ engine, member }, { sessionId, step }) {
      const next = await engine.practice.next(member, sessionId, step);
      return replaceReply(isSummary(next) ? renderPracticeSummary(next) : renderPracticeQuestion(next));
    },
  },
  'round:answer': {
    async click({ engine, member }, { roundId, step, letter }) {
      const r = await engine.rounds.answer(member, roundId, step, letter);
      return privateReply({
        lines: [line(t(`🟢 Locked in: ${r.letter}. Results when time is up (in ${r.secondsLeft} s).`))],
        tone: 'info',
      });
    },
  },
  'srs:rate': {
    async click({ engine, member }, { questionId, at, grade }) {
      const entry = await engine.srs.rate(member, questionId, at, grade);
      return privateReply({
        lines: [
          line(
            t(`Rated ${RATING[grade]}. You will see this question again around `),
            { text: String(entry.card.due), ref: 'datetime' },
            t('.'),
          ),
        ],
        tone: 'info',
      });
    },
  },
  'interview:type': {
    async click({ engine, member }, { sessionId, step }) {
      await engine.interviews.beforeTyping(member, sessionId, step);
      return {
        visibility: 'private',
        message: { lines: [line(t(TYPING_NOTE))], tone: 'info' },
        form: interviewForm(sessionId, step),
      };
    },
  },
  'interview:submit': {
    click: formOnly('press "Type my answer"'),
    async submit({ engine, member }, { sessionId, step }, { text }) {
      if (text.trim().toLowerCase() === 'cancel') {
        return privateReply({ lines: [line(t('Nothing was sent: type your answer again, or press "Show answer".'))], tone: 'info' });
      }
      return privateReply(renderInterviewReveal(await engine.interviews.submit(member, sessionId, step, text)));
    },
  },
  'interview:show': {
    async click({ engine, member }, { sessionId, step }) {
      return replaceReply(renderInterviewReveal(await engine.interviews.show(member, sessionId, step)));
    },
  },
  'interview:end': {
    async click({ engine, member }, { sessionId }) {
      return replaceReply(renderInterviewSummary(await engine.interviews.end(member, sessionId)));
    },
  },
  'interview:rate': {
    async click({ engine, member }, { sessionId, step, grade }) {
      const next = await engine.interviews.rate(member, sessionId, step, grade);
      return replaceReply(isInterviewSummary(next) ? renderInterviewSummary(next) : renderInterviewQuestion(next));
    },
  },
  'open:type': {
    async click(_, { dailyId }) {
      return {
        visibility: 'private',
        message: { lines: [line(t(TYPING_NOTE))], tone: 'info' },
        form: openDailyForm(dailyId),
      };
    },
  },
  'open:submit': {
    click: formOnly('press "Answer privately"'),
    async submit({ engine, member }, { dailyId }, { text }) {
      if (text.trim().toLowerCase() === 'cancel') {
        return privateReply({ lines: [line(t('Nothing was sent: answer again, or press "Show answer".'))], tone: 'info' });
      }
      return privateReply(renderOpenFeedback(await engine.openDailies.answer(member, dailyId, text)));
    },
  },
  'open:show': {
    async click({ engine, member }, { dailyId }) {
      return privateReply(renderOpenFeedback(await engine.openDailies.answer(member, dailyId)));
    },
  },
  'open:rate': {
    async click({ engine, member }, { dailyId, grade }) {
      const entry = await engine.openDailies.rate(member, dailyId, grade);
      return privateReply({
        lines: [
          line(
            t(`Rated ${GRADE_NAMES[grade]}. This question comes back for a recall review around `),
            { text: String(entry.card.due), ref: 'datetime' },
            t(' (quiz review).'),
          ),
        ],
        tone: 'info',
      });
    },
  },
  'report:open': {
    async click(_, { questionId }) {
      return {
        visibility: 'private',
        message: { lines: [line(t('Describe what is wrong with this question (one line), or type "cancel":'))], tone: 'info' },
        form: {
          actionId: REPORT_SUBMIT.encode({ questionId }),
          title: 'Report a problem',
          fields: [{ id: 'text', label: 'What is wrong with this question?', long: true, maxLength: MAX_REPORT_LENGTH }],
        },
      };
    },
  },
  'report:submit': {
    click: formOnly('press "Report a problem"'),
    async submit({ engine, member }, { questionId }, { text }) {
      if (text.trim().toLowerCase() === 'cancel') return privateReply({ lines: [line(t('Nothing was reported.'))], tone: 'info' });
      await engine.reports.add(member, questionId, text);
      return privateReply({ title: '🙏 Thanks for the report', lines: [line(t('The quiz admins will look at it.'))], tone: 'success' });
    },
  },
  'report:close': {
    async click({ engine, member, isAdmin }, { questionId }) {
      if (!isAdmin) throw notAllowed();
      const n = await engine.reports.close(member, questionId);
      return privateReply({
        lines: [line(t(n ? `Closed ${n} report${n === 1 ? '' : 's'} on ${questionId}.` : 'Those reports were already closed.'))],
        tone: 'info',
      });
    },
  },
  'confirm:forget': {
    async click({ engine, member }, { token }) {
      await engine.privacy.forget(member, token);
      return done('🗑️ Forgotten.', 'Everything Backprop held about you in this team is deleted. Welcome back any time.');
    },
  },
  'confirm:purge': {
    async click({ engine, member, isAdmin }, { token }) {
      if (!isAdmin) throw notAllowed();
      await engine.teams.purgeConfirmed(member, token);
      return done('🗑️ All of this team’s Backprop data is deleted.', 'Run quiz-admin setup to start again.');
    },
  },
  'confirm:remove-daily': {
    async click({ engine, member, isAdmin }, { token }) {
      if (!isAdmin) throw notAllowed();
      const channelId = await engine.confirmations.check(member, 'remove-daily', token);
      if (channelId === undefined) throw stale('This confirmation does not name a channel. Run the command again.');
      await engine.dailies.remove(member, channelId);
      // Leaderboard weeks follow the first daily channel: the next one, if that was the first.
      await followFirstChannel(engine.teams, engine.channels, member, await engine.teams.config(member));
      return replaceReply({
        title: '🛑 Daily question removed',
        lines: [
          line(t('Nothing more is posted in '), ref('channel', channelId), t('.')),
          line(t('Its dailies, answers, board and everyone’s streak days are kept; quiz-admin setup there starts it again.')),
        ],
        tone: 'info',
      });
    },
  },
  'confirm:remove-pack': {
    async click({ engine, member, isAdmin }, { token }) {
      if (!isAdmin) throw notAllowed();
      const packId = await engine.confirmations.check(member, 'remove-pack', token);
      if (packId === undefined) throw stale('This confirmation does not name a pack. Run the command again.');
      // A daily open now from the pack is closed while its question can still be revealed.
      const bank = await engine.packs.bankFor(member);
      const open = await openDailyQuestions(engine.channels, (team, id) => engine.dailies.get(team, id), member);
      const closed = open.filter((o) => bank.question(o.questionId)?.pack === packId).map((o) => o.channelId);
      for (const channelId of closed) await engine.dailies.close(member, channelId);
      const { channels } = await engine.teams.removePack(member, packId);
      const moved: Line[] = channels.length
        ? [
            [
              t('Daily channels that drew from it now draw from their other packs, or the default: '),
              ...channels.flatMap((c, i) => [...(i ? [t(', ')] : []), ref('channel', c)]),
              t('.'),
            ],
          ]
        : [];
      return replaceReply({
        title: `🗑️ Pack ${packId} removed`,
        lines: [
          line(t('Answers and stats that mention its questions stay.')),
          ...closed.map((c) => [
            t('The daily open in '),
            ref('channel', c),
            t(' asked one of its questions: it is closed, its answer shown.'),
          ]),
          ...moved,
        ],
        tone: 'info',
      });
    },
  },
  'pack:upload': {
    click: formOnly('run quiz-admin pack upload'),
    async submit({ engine, member, isAdmin }, _, { files }) {
      if (!isAdmin) throw notAllowed();
      const file = files[0];
      if (!file) throw new UserError('bad-input', 'No file came with the form: choose the pack file and upload again.');
      return receivePack(engine, member, file);
    },
  },
  'confirm:cancel': {
    async click() {
      return done('Cancelled.', 'Nothing was deleted.');
    },
  },
  ...SUGGESTION_HANDLERS,
};

/** The handler of an action's kind, given its arguments. `input` is there for a submitted form. */
export function runAction(ctx: ActionContext, action: Action, input?: FormInput): Promise<Reply> {
  return runFor(`${action.ns}:${action.verb}` as ActionKey, action, ctx, input);
}

function runFor<K extends ActionKey>(key: K, action: Action, ctx: ActionContext, input?: FormInput): Promise<Reply> {
  const handler: ActionHandler<K> = ACTION_HANDLERS[key];
  // decodeAction built `action` from the id of kind `key`, so it is that kind's action.
  const own = action as ActionFor<K>;
  if (input === undefined) {
    if (!handler.click) throw stale('That button only sends a form.');
    return handler.click(ctx, own);
  }
  if (!handler.submit) throw stale('That form is not one Backprop knows.');
  return handler.submit(ctx, own, input);
}
