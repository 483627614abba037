import { isCancel, readSuggestion, refreshedList, suggestionForm } from '../commands/suggestions.js';
import { type Difficulty, packIdsOf } from '../core/bank/bank.js';
import { difficultyName } from '../core/bank/question-view.js';
import { SUGGEST_REASON, SUGGEST_SAVE } from '../core/bank/suggestion-actions.js';
import { SUGGESTIONS_PACK } from '../core/bank/team-packs.js';
import { notAllowed } from '../core/shared/errors.js';
import { b, line, privateReply, type Reply, replaceReply, t } from '../core/shared/messages.js';
import { shortened } from '../core/shared/shortened.js';
import { type ActionContext, type ActionHandler, formOnly } from './handler.js';

type SuggestKey =
  | 'suggest:submit'
  | 'suggest:approve'
  | 'suggest:approve-as'
  | 'suggest:edit'
  | 'suggest:reject'
  | 'suggest:save'
  | 'suggest:reason';

const nothingSent = (what: string) => privateReply({ lines: [line(t(what))], tone: 'info' });

/** The decided question's prompt above the list: enough to recognise it, leaving the list the message's room. */
const STATUS_PROMPT = 120;

async function approveAs({ engine, member, isAdmin }: ActionContext, id: string, difficulty: Difficulty): Promise<Reply> {
  if (!isAdmin) throw notAllowed();
  const done = await engine.suggestions.approve(member, id, difficulty);
  // Practice on its topic has it at once; a daily only where the channel's pack setting names the pack.
  const channels = await engine.channels.active(member);
  const drawn = channels.some((c) => packIdsOf(c.pack).includes(SUGGESTIONS_PACK));
  const hint =
    drawn || channels.length === 0
      ? []
      : [t(` · dailies draw from it once a channel's pack names it (setup pack=${channels[0]!.pack},${SUGGESTIONS_PACK})`)];
  const status = line(t(`✅ Approved (${difficultyName(difficulty)}): `), b(shortened(done.question.prompt, STATUS_PROMPT)), ...hint);
  return replaceReply(await refreshedList(engine, member, status));
}

/** quiz suggest's form, and the admins' buttons and forms under quiz-admin suggestions. */
export const SUGGESTION_HANDLERS: { [K in SuggestKey]: ActionHandler<K> } = {
  'suggest:submit': {
    click: formOnly('run quiz suggest'),
    async submit({ engine, member }, _, input) {
      if (isCancel(input)) return nothingSent('Nothing was sent.');
      const bank = await engine.packs.bankFor(member);
      const { question, topicName } = readSuggestion(input, bank, engine.suggestions.newId());
      await engine.suggestions.submit(member, question, topicName, question.id.slice(-6));
      return privateReply({
        title: '🙏 Thanks: your question went to the quiz admins',
        lines: [line(b(question.prompt)), line(t('You will hear privately whether it was added.'))],
        tone: 'success',
      });
    },
  },
  'suggest:approve-as': { click: (ctx, { id, difficulty }) => approveAs(ctx, id, difficulty) },
  // A list posted before admins chose a difficulty: its Approve button approves at medium, as it then did.
  'suggest:approve': { click: (ctx, { id }) => approveAs(ctx, id, 2) },
  'suggest:edit': {
    async click({ engine, member, isAdmin }, { id }) {
      if (!isAdmin) throw notAllowed();
      const suggestion = await engine.suggestions.get(member, id);
      return {
        visibility: 'private',
        message: { lines: [line(t('Edit the question; then approve it from the list, at its difficulty.'))], tone: 'info' },
        form: suggestionForm(SUGGEST_SAVE.encode({ id }), 'Edit the suggestion', suggestion),
      };
    },
  },
  'suggest:save': {
    click: formOnly('press Edit'),
    async submit({ engine, member, isAdmin }, { id }, input) {
      if (!isAdmin) throw notAllowed();
      if (isCancel(input)) return nothingSent('Nothing was changed: the suggestion is still waiting.');
      const suggestion = await engine.suggestions.get(member, id);
      const bank = await engine.packs.bankFor(member);
      // The id it was given stays: approving it (another admin, a retry) replaces rather than duplicates.
      const edited = readSuggestion(input, bank, id, suggestion.question.id);
      const done = await engine.suggestions.revise(member, id, edited);
      const status = line(
        t('✏️ Edited, still waiting: '),
        b(shortened(done.question.prompt, STATUS_PROMPT)),
        t('. Approve it below at its difficulty.'),
      );
      return privateReply(await refreshedList(engine, member, status));
    },
  },
  'suggest:reject': {
    async click({ engine, member, isAdmin }, { id }) {
      if (!isAdmin) throw notAllowed();
      await engine.suggestions.get(member, id);
      return {
        visibility: 'private',
        message: { lines: [line(t('Why not (optional, the member sees it)?'))], tone: 'info' },
        form: {
          actionId: SUGGEST_REASON.encode({ id }),
          title: 'Reject the suggestion',
          fields: [{ id: 'reason', label: 'Reason for the member (optional)', long: true, maxLength: 300, optional: true }],
        },
      };
    },
  },
  'suggest:reason': {
    click: formOnly('press Reject'),
    async submit({ engine, member, isAdmin }, { id }, input) {
      if (!isAdmin) throw notAllowed();
      if (isCancel(input)) return nothingSent('Nothing was changed: the suggestion is still waiting.');
      const done = await engine.suggestions.reject(member, id, input.values.reason);
      return privateReply(await refreshedList(engine, member, line(t('Rejected: '), b(shortened(done.question.prompt, STATUS_PROMPT)))));
    },
  },
};
