import type { Question } from '../bank/bank.js';
import { difficultyName, figureOf, letterButtons, questionLines, revealLines } from '../bank/question-view.js';
import { b, type Line, line, nm, type OutMessage, type Span, t } from '../shared/messages.js';
import { DAILY_CAP, ROUND_POINTS, roundLeaderboardPoints } from '../standings/scoring.js';
import { podiumPicture } from './podium.js';
import { ROUND_ANSWER } from './round-actions.js';
import type { RoundAnswer, RoundRecord, Standing } from './rounds.js';

const heading = (round: RoundRecord, q: Question) =>
  `⚡ Round · question ${round.index + 1} of ${round.items.length} · ${q.topicName} · ${difficultyName(q.difficulty)}`;

const at = (ms: number): Span => ({ text: String(ms), ref: 'time' });
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The first sentence of an explanation: the one line a live round has room for. */
export function firstSentence(text: string): string {
  return /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
}

export function renderRoundQuestion(round: RoundRecord, q: Question): OutMessage {
  const order = round.items[round.index]!.order;
  return {
    ...figureOf(q),
    title: heading(round, q),
    lines: [...questionLines(q, order), [], line(t('⏱️ Closes '), at(round.deadline!), t(` (${round.seconds} s to answer)`))],
    buttons: letterButtons((letter) => ROUND_ANSWER.encode({ roundId: round.id, step: round.index, letter })),
    footer: `Fast right answers score ${ROUND_POINTS.fastest} down to ${ROUND_POINTS.slowest}; each right answer in a row after the first adds ${ROUND_POINTS.streakBonus} more.`,
    tone: 'info',
  };
}

export function renderRoundClosed(round: RoundRecord, q: Question, answers: RoundAnswer[]): OutMessage {
  const order = round.items[round.index]!.order;
  const right = answers.filter((a) => a.correct);
  const got: Line =
    right.length === 0
      ? line(t('Nobody got this one.'))
      : line(b('Got it: '), ...right.flatMap((a, i) => [t(i ? ', ' : ''), nm(a.name), t(` (${seconds(a.elapsedMs)}, +${a.points})`)]));
  return {
    ...figureOf(q),
    title: `${heading(round, q)} · closed`,
    lines: [
      [b(q.prompt)],
      [],
      ...revealLines(q, order),
      [],
      line(b('Why: '), t(firstSentence(q.explanation))),
      got,
      line(t(`${answers.length} answered`)),
    ],
    buttons: letterButtons((letter) => ROUND_ANSWER.encode({ roundId: round.id, step: round.index, letter }), true),
    tone: 'neutral',
  };
}

/** What a member's round points earned on the leaderboards, the daily cap applied: "+30", "+25 (daily cap)". */
function earned(s: Standing, awarded: ReadonlyMap<string, number>): string {
  const points = awarded.get(s.memberId) ?? 0;
  return `+${points}${points < roundLeaderboardPoints(s.points) ? ' (daily cap)' : ''}`;
}

export function renderScoreboard(round: RoundRecord, standings: Standing[], awarded: ReadonlyMap<string, number>): OutMessage {
  const played = round.results.filter(Boolean).length;
  const podium = podiumPicture(round.id, standings);
  return {
    ...(podium ? { image: podium } : {}),
    title: `🏁 Round over · ${played} question${played === 1 ? '' : 's'}`,
    lines:
      standings.length === 0
        ? [line(t('Nobody played this round.'))]
        : standings.map((s) =>
            line(t(`${s.rank}. `), nm(s.name), t(' · '), b(String(s.points)), t(` (${s.right}/${played} right) · ${earned(s, awarded)}`)),
          ),
    footer: `Rounds count toward the leaderboards as points ÷ 100, at most ${DAILY_CAP.round} a day: the + after each member.`,
    tone: 'success',
  };
}
