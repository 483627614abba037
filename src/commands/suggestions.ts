import { slugOf } from '../bank/csv.js';
import { uploadRuleProblem } from '../bank/guards.js';
import { BankError, parseQuestion } from '../bank/load.js';
import type { Bank, Difficulty } from '../core/bank/bank.js';
import { difficultyName } from '../core/bank/question-view.js';
import { SUGGEST_APPROVE_AS, SUGGEST_EDIT, SUGGEST_REJECT, SUGGEST_SUBMIT } from '../core/bank/suggestion-actions.js';
import type { Suggestion } from '../core/bank/suggestion-model.js';
import { toStored } from '../core/bank/team-pack-model.js';
import { SUGGESTIONS_PACK } from '../core/bank/team-packs.js';
import type { Engine } from '../core/engine.js';
import { FormProblems } from '../core/shared/errors.js';
import {
  type Button,
  b,
  type FormInput,
  type FormRequest,
  type Line,
  line,
  type OutMessage,
  type Reply,
  ref,
  t,
} from '../core/shared/messages.js';
import type { MemberRef } from '../core/shared/refs.js';
import { command } from './command.js';

/** The five fields of a suggestion (Discord's most for a modal): what a question needs; the approving admin sets its difficulty. */
export function suggestionForm(actionId: string, title: string, from?: Suggestion): FormRequest {
  const q = from?.question;
  return {
    actionId,
    title,
    fields: [
      { id: 'topic', label: 'Topic (the team’s, or a new one)', maxLength: 80, value: from?.topicName },
      { id: 'prompt', label: 'Question', long: true, maxLength: 500, value: q?.prompt },
      { id: 'answer', label: 'Right answer', maxLength: 300, value: q?.answer },
      {
        id: 'distractors',
        label: 'Three wrong answers, one per line',
        long: true,
        lines: 3,
        maxLength: 920,
        value: q?.distractors.join('\n'),
      },
      { id: 'explanation', label: 'Why it is right (2 to 5 sentences)', long: true, maxLength: 1500, value: q?.explanation },
    ],
  };
}

export const isCancel = (input: FormInput) => input.text.trim().toLowerCase() === 'cancel';

/**
 * A filled-in form as a question, held to the built-in questions' rules (lengths, three distinct wrong answers,
 * a 2–5 sentence explanation): a problem is the member's to fix, named by its field. The topic is one of the
 * team's (by slug or name) or a new one; the id is a slug of the prompt and a short suffix, so it is unique.
 */
/** The suggestion form's fields, by id: a problem about one of them is shown under it where the platform can. */
const FORM_FIELDS = ['topic', 'prompt', 'answer', 'distractors', 'explanation'];

export function readSuggestion(input: FormInput, bank: Bank, suffix: string, keepId?: string) {
  const typedTopic = (input.values.topic ?? '').trim();
  const known = Object.entries(bank.allTopics()).find(
    ([slug, name]) => slug === typedTopic.toLowerCase() || name.toLowerCase() === typedTopic.toLowerCase(),
  );
  const topic = known?.[0] ?? slugOf(typedTopic).slice(0, 60).replace(/-+$/, '');
  if (!topic) {
    const problem = 'give the question a topic (one of the team’s, or a new one)';
    throw new FormProblems(`topic: ${problem}.`, { topic: problem });
  }
  const topicName = known?.[1] ?? typedTopic.slice(0, 80);
  // The prompt's first words, whole, up to 40 characters: readable in exports and logs.
  let stem = '';
  for (const word of slugOf(input.values.prompt ?? '').split('-')) {
    const longer = stem ? `${stem}-${word}` : word;
    if (longer.length > 40) break;
    stem = longer;
  }
  const item = {
    id: keepId ?? `${stem || 'suggested'}-${suffix}`,
    topic,
    // Medium until an admin approves it at the difficulty it has for the team.
    difficulty: 2,
    prompt: input.values.prompt ?? '',
    answer: input.values.answer ?? '',
    distractors: (input.values.distractors ?? '')
      .split('\n')
      .map((d) => d.trim())
      .filter(Boolean),
    explanation: input.values.explanation ?? '',
  };
  try {
    const question = parseQuestion(item, 0, { id: SUGGESTIONS_PACK, topics: { [topic]: topicName } }, new Set(), () => 'suggestion');
    // Held to what an upload is held to: the suggestions pack is exported and uploaded again like any other.
    const rule = uploadRuleProblem(question);
    if (rule) throw new BankError(`suggestion: question "${question.id}": field ${rule.path.join('.')}: ${rule.problem}`);
    return { question: toStored(question), topicName };
  } catch (error) {
    if (!(error instanceof BankError)) throw error;
    // "suggestion: question "…": field distractors.1: …": each problem under the form's field it is about.
    const problems = error.problems.map((p) => p.replace(/^suggestion: question "[^"]*": /, ''));
    const fields: Record<string, string> = {};
    for (const problem of problems) {
      const [, field = '', what = problem] = /^field ([a-z_]+)[^:]*: (.*)$/.exec(problem) ?? [];
      if (FORM_FIELDS.includes(field) && !fields[field]) fields[field] = what;
    }
    throw new FormProblems(`${problems.join('; ')}. Nothing was sent: try again.`, fields);
  }
}

/**
 * Shown at most at once. Five buttons each (approve as easy, medium or hard; edit; reject): 25, Discord's most in
 * one message, one row of five per suggestion.
 */
const SHOWN = 5;
const LEVELS: readonly Difficulty[] = [1, 2, 3];
/**
 * The list's text stays within what Discord shows of one message (4,096 characters once escaped; Slack splits text
 * into sections of its own): an admin judges each question whole, so long ones make the list shorter rather than
 * cut. A single suggestion too long for it even alone (the form's longest fields, full of markdown characters) is
 * cut: its Edit form shows it all.
 */
const TEXT_BUDGET = 3800;
/** Discord escapes markdown characters and "<" with one more character each (see escapeDiscord). */
const shownLength = (text: string) => text.length + (text.match(/[_*~`|>[\]\\<]/g)?.length ?? 0);
/** Per suggestion, besides its fields: numbering, separators, bold markers, the member's mention, the date. */
const OVERHEAD = 120;
const textOf = (s: Suggestion) =>
  shownLength([s.topicName, s.question.prompt, s.question.answer, ...s.question.distractors, s.question.explanation].join('')) + OVERHEAD;

/** The oldest waiting suggestions whose text fits the budget together (always the first). */
function fitting(pending: readonly Suggestion[], statusLength: number): Suggestion[] {
  const shown: Suggestion[] = [];
  let used = statusLength;
  for (const s of pending.slice(0, SHOWN)) {
    used += textOf(s);
    if (shown.length > 0 && used > TEXT_BUDGET) break;
    shown.push(s);
  }
  return shown;
}

/** The waiting suggestions with an admin's buttons; `status` says what the last decision did. */
export function suggestionsView(pending: readonly Suggestion[], status?: Line): OutMessage {
  const shown = fitting(pending, status ? status.reduce((n, span) => n + shownLength(span.text), 0) : 0);
  const lines: Line[] = status ? [status, []] : [];
  if (shown.length === 0) lines.push(line(t('No suggestions are waiting. Members suggest questions with quiz suggest.')));
  const buttons: Button[] = [];
  shown.forEach((s, i) => {
    const q = s.question;
    // A blank line between two suggestions (none after the last: the terminal would show it as an empty line).
    if (i > 0) lines.push([]);
    lines.push(
      line(b(`${i + 1}. ${q.prompt}`)),
      line(t(`Topic: ${s.topicName} · ✅ ${q.answer} · ✗ ${q.distractors.join(' · ✗ ')}`)),
      line(t(q.explanation)),
      line(t('Suggested by '), ref('user', s.suggestedBy), t(' on '), { text: String(s.suggestedAt), ref: 'datetime' }),
    );
    // Under the suggestion they decide, where the platform can put them there (Slack, the terminal).
    const afterLine = lines.length - 1;
    const group: Button[] = [
      ...LEVELS.map(
        (difficulty): Button => ({
          label: `Approve ${i + 1} ${difficultyName(difficulty)}`,
          actionId: SUGGEST_APPROVE_AS.encode({ id: s.id, difficulty }),
          style: 'success',
        }),
      ),
      { label: `Edit ${i + 1}`, actionId: SUGGEST_EDIT.encode({ id: s.id }) },
      { label: `Reject ${i + 1}`, actionId: SUGGEST_REJECT.encode({ id: s.id }), style: 'danger' },
    ];
    buttons.push(...group.map((button) => ({ ...button, afterLine })));
  });
  const more = pending.length - shown.length;
  return {
    title: `💡 Suggested questions (${pending.length} waiting)`,
    lines,
    buttons,
    footer: more > 0 ? `${more} more after these: run quiz-admin suggestions again once these are decided.` : undefined,
    tone: 'info',
  };
}

export async function refreshedList(engine: Engine, admin: MemberRef, status: Line): Promise<OutMessage> {
  return suggestionsView(await engine.suggestions.pending(admin), status);
}

export const suggest = command({
  group: 'quiz',
  name: 'suggest',
  description: 'Suggest a question for the team; a quiz admin approves it',
  options: [],
  async run(): Promise<Reply> {
    return {
      visibility: 'private',
      message: { lines: [line(t('Fill in the form: your question goes to the quiz admins, who approve or reject it.'))], tone: 'info' },
      form: suggestionForm(SUGGEST_SUBMIT.encode({}), 'Suggest a question'),
    };
  },
});

export const suggestions = command({
  group: 'quiz-admin',
  name: 'suggestions',
  description: 'Questions members suggested: approve, edit or reject them',
  options: [],
  async run({ engine, member }): Promise<Reply> {
    return { visibility: 'private', message: suggestionsView(await engine.suggestions.pending(member)) };
  },
});
