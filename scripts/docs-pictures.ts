/**
 * Draws the README's example pictures into docs/pictures/ (npx tsx scripts/docs-pictures.ts): a question's figure
 * from the built-in bank, a stat card and a round podium, from fixed made-up data, the way the bot draws them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { loadBank } from '../src/bank/load.js';
import { figureOf } from '../src/core/bank/question-view.js';
import { renderRecap } from '../src/core/daily/recap-view.js';
import { podiumPicture } from '../src/core/rounds/podium.js';
import type { Picture } from '../src/core/shared/messages.js';
import { dayStatuses } from '../src/core/standings/day-statuses.js';
import { statCard } from '../src/core/standings/stat-card.js';
import type { MemberStats } from '../src/core/standings/stats.js';
import { computeStreak } from '../src/core/standings/streaks.js';
import { Pictures } from '../src/pictures/pictures.js';

const root = join(import.meta.dirname, '..');
const out = join(root, 'docs/pictures');
const bank = loadBank(join(root, 'data/packs'));
const pack = bank.pack('deep-learning')!;

// 26 weeks of weekday dailies up to a Thursday: answered most days, a few missed (some kept by a freeze).
const today = '2026-11-26';
const postedDays: string[] = [];
const answeredDays = new Set<string>();
let day = DateTime.fromISO('2026-05-25');
for (let i = 0; day.toISODate()! <= today; i++, day = day.plus({ days: 1 })) {
  if (day.weekday > 5) continue;
  const date = day.toISODate()!;
  postedDays.push(date);
  // A fixed pattern: misses on a few scattered days, a bad week in August.
  if (!(i % 23 === 5 || i % 37 === 11 || (date >= '2026-08-10' && date <= '2026-08-13'))) answeredDays.add(date);
}
const input = { postedDays, answeredDays, openDays: new Set<string>() };
const mastery = Object.entries(pack.topics).map(([topic, name], i) => ({
  topic,
  name,
  mastery: [0.82, 0.64, 0.71, 0.45, 0.3, 0.77, 0.12, 0.58][i % 8]! * (i < 14 ? 1 : 0.4),
  due: i % 3,
}));
const stats: MemberStats = {
  userId: 'ada',
  record: { answered: 412, correct: 301 } as MemberStats['record'],
  streak: computeStreak(input),
  mastery,
  recall: mastery.map((m, i) => ({ ...m, mastery: Math.max(0, m.mastery - 0.15 - (i % 4) * 0.05) })),
  recallCards: 120,
  days: dayStatuses(input),
  today,
};

const standings = [
  { memberId: 'u1', name: 'Ada', points: 7420, right: 9, rank: 1 },
  { memberId: 'u2', name: 'Grace', points: 6885, right: 8, rank: 2 },
  { memberId: 'u3', name: 'Alan', points: 5210, right: 7, rank: 3 },
  { memberId: 'u4', name: 'Edsger', points: 4400, right: 6, rank: 4 },
];

const hardest = pack.questions.find((q) => q.id === 'figure-confusion-matrix-binary')!;
const recap = renderRecap({
  channelId: 'interview-prep',
  week: '2026-W47',
  days: [
    [14, 11],
    [12, 9],
    [15, 6],
    [11, 10],
    [9, 7],
    [0, 0],
    [0, 0],
  ].map(([answered, right], i) => ({ date: `2026-11-${16 + i}`, posted: i < 5, answered: answered!, right: right! })),
  top: [
    { rank: 1, name: 'Ada', points: 50 },
    { rank: 2, name: 'Grace', points: 40 },
    { rank: 2, name: 'Alan', points: 40 },
    { rank: 4, name: 'Edsger', points: 30 },
    { rank: 5, name: 'Barbara', points: 20 },
  ],
  hardest: { question: hardest, answered: 15, right: 6 },
});

const pictures: [string, Picture][] = [
  ['question-figure.png', figureOf(pack.questions.find((q) => q.id === 'figure-overfitting-curves')!).image!],
  ['question-figure-attention.png', figureOf(pack.questions.find((q) => q.id === 'figure-attention-sink')!).image!],
  ['stat-card.png', statCard(stats, 'Ada')],
  ['podium.png', podiumPicture('r1', standings)!],
  ['weekly-recap.png', recap.image!],
];
const drawer = new Pictures({ thread: false });
mkdirSync(out, { recursive: true });
for (const [file, picture] of pictures) {
  writeFileSync(join(out, file), (await drawer.render(picture)).data);
  console.log(`${file}: ${picture.alt}`);
}
