import { renderInterviewQuestion } from '../core/interview/interview-view.js';
import { renderPracticeQuestion } from '../core/practice/practice-view.js';
import { line, privateReply, type Reply, t } from '../core/shared/messages.js';
import { command } from './command.js';
import { notice } from './replies.js';

/** What a private quiz draws from: practice and interview take the same three options. */
const QUIZ_OPTIONS = [
  { name: 'topic', type: 'topic', description: 'Only questions on this topic' },
  { name: 'count', type: 'integer', description: 'How many questions (1–20, default 5)', min: 1, max: 20 },
  { name: 'difficulty', type: 'difficulty', description: 'easy, medium or hard' },
] as const;

export const start = command({
  group: 'quiz',
  name: 'start',
  description: 'Start a private practice quiz',
  options: QUIZ_OPTIONS,
  async run({ engine, member }, { topic, count, difficulty }) {
    const step = await engine.practice.start(member, { topic, count, difficulty });
    return fewerThanAsked(privateReply(renderPracticeQuestion(step)), count, step.session.items.length);
  },
});

export const interview = command({
  group: 'quiz',
  name: 'interview',
  description: 'Answer in your own words, then check yourself against the key points (private)',
  options: QUIZ_OPTIONS,
  async run({ engine, member }, { topic, count, difficulty }) {
    const step = await engine.interviews.start(member, { topic, count, difficulty });
    return fewerThanAsked(privateReply(renderInterviewQuestion(step)), count, step.session.items.length);
  },
});

export const review = command({
  group: 'quiz',
  name: 'review',
  description: 'Review what you are about to forget (spaced repetition), privately',
  options: [
    { name: 'count', type: 'integer', description: 'How many questions (1–20, default 10)', min: 1, max: 20 },
    { name: 'kind', type: 'review-kind', description: 'choice (pick the option) or recall (interview form); default: most overdue' },
  ],
  async run({ engine, member }, { count, kind }) {
    const due = await engine.srs.dueNow(member);
    const chosen = kind ?? due.mostOverdue;
    const reply =
      chosen === 'recall'
        ? privateReply(renderInterviewQuestion(await engine.interviews.start(member, { review: true, count })))
        : privateReply(renderPracticeQuestion(await engine.practice.start(member, { review: true, count })));
    const other = chosen === 'recall' ? due.choice.length : due.recall.length;
    if (other > 0) {
      const what = chosen === 'recall' ? 'multiple-choice' : 'recall (interview form)';
      const how = chosen === 'recall' ? 'quiz review kind=choice' : 'quiz review kind=recall';
      reply.message.lines.push([], line(t(`Also due: ${other} ${what} review${other === 1 ? '' : 's'}, with ${how}.`)));
    }
    return reply;
  },
});

export const remind = command({
  group: 'quiz',
  name: 'remind',
  description: 'A private reminder when 10 or more reviews are due (at most once a day)',
  options: [{ name: 'mode', type: 'switch', description: 'on or off', required: true }],
  async run({ engine, member }, { mode }) {
    const on = mode === 'on';
    await engine.reminders.set(member, on);
    return notice(
      on ? '⏰ Reminders on.' : '🔕 Reminders off.',
      line(
        t(
          on
            ? 'When 10 or more reviews are due, you get a private message at the team’s daily time (at most once a day).'
            : 'No more review reminders.',
        ),
      ),
    );
  },
});

/** A quiz shorter than asked for (only so many questions match) says so on its first question. */
function fewerThanAsked(reply: Reply, asked: number | undefined, got: number): Reply {
  if (asked !== undefined && got < asked)
    reply.message.lines.unshift(
      line(
        t(
          `Only ${got} question${got === 1 ? '' : 's'} match${got === 1 ? 'es' : ''}, not ${asked}: here ${got === 1 ? 'it is' : 'they are'}.`,
        ),
      ),
      [],
    );
  return reply;
}
