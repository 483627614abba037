import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MessengerRouter } from '../../src/adapters/router.js';
import { SHELL_TEAM } from '../../src/adapters/shell/shell.js';
import type { Question } from '../../src/core/bank/bank.js';
import { renderRecap } from '../../src/core/daily/recap-view.js';
import { podiumPicture } from '../../src/core/rounds/podium.js';
import { plainText } from '../../src/core/shared/messages.js';
import { dayStatuses } from '../../src/core/standings/day-statuses.js';
import { CARD_WEEKS, calendarDays, statCard, twoLines } from '../../src/core/standings/stat-card.js';
import type { MemberStats } from '../../src/core/standings/stats.js';
import { computeStreak } from '../../src/core/standings/streaks.js';
import { chartSvg } from '../../src/pictures/draw.js';
import { Pictures } from '../../src/pictures/pictures.js';
import { createRig, onlyChannel, rightLetter } from '../fakes/engine.js';
import { decodePng } from '../fakes/png.js';
import { ShellDriver } from '../fakes/shell-driver.js';

const pictures = new Pictures();
afterAll(() => pictures.stop());

// Nine weekdays in a row: seven answered (a freeze earned), then a miss kept by it, then a miss that is not.
const posted = [
  '2026-03-02',
  '2026-03-03',
  '2026-03-04',
  '2026-03-05',
  '2026-03-06',
  '2026-03-09',
  '2026-03-10',
  '2026-03-11',
  '2026-03-12',
  '2026-03-13',
];
const input = { postedDays: posted, answeredDays: new Set(posted.slice(0, 7)), openDays: new Set(['2026-03-13']) };

function stats(): MemberStats {
  return {
    userId: 'ann',
    record: { answered: 20, correct: 15 } as MemberStats['record'],
    streak: computeStreak(input),
    mastery: [
      { topic: 'alpha', name: 'Alpha', mastery: 0.5, due: 1 },
      { topic: 'beta', name: 'Beta', mastery: 0, due: 0 },
    ],
    recall: [{ topic: 'alpha', name: 'Alpha', mastery: 0.25, due: 0 }],
    recallCards: 3,
    days: dayStatuses(input),
    today: '2026-03-13',
  };
}

describe('the stat card and the podium', () => {
  it('gives each posted day its part in the streak, by the streak rule', () => {
    const days = dayStatuses(input);
    expect(posted.map((d) => days.get(d))).toEqual([...Array(7).fill('answered'), 'frozen', 'missed', 'open']);
    expect(computeStreak(input)).toMatchObject({ current: 0, best: 7, freezes: 0 });
  });

  it('lays out 26 weeks, Monday to Sunday, up to today', () => {
    const calendar = calendarDays(dayStatuses(input), '2026-03-13'); // a Friday
    expect(calendar).toHaveLength((CARD_WEEKS - 1) * 7 + 5);
    expect(calendar[0]).toMatchObject({ weekday: 'Mon', status: 'no daily' });
    expect(calendar.at(-1)).toMatchObject({ date: '2026-03-13', weekday: 'Fri', status: 'open today' });
    expect(calendar.find((d) => d.date === '2026-03-11')?.status).toBe('kept by a freeze');
  });

  it('says in its alt text what the card shows', () => {
    const card = statCard(stats(), 'Ann');
    expect(card.alt).toContain('75% right (15 of 20)');
    expect(card.alt).toContain('current streak 0 days (best 7)');
    expect(card.alt).toContain('7 days answered, 1 kept by a freeze, 1 missed');
    expect(card.alt).toContain('Alpha (50%, recall 25%)');
    expect(card.alt).toContain('1 of 2 topics have no mastery yet');
  });

  it('counts a topic practised only in interview mode among the strongest, in its bars and its alt text', () => {
    const names = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta', 'Iota'];
    const only = {
      ...stats(),
      mastery: names.map((name) => ({ topic: name.toLowerCase(), name, mastery: 0, due: 0 })),
      recall: [{ topic: 'iota', name: 'Iota', mastery: 0.03, due: 0 }],
      recallCards: 1,
    };
    const card = statCard(only, 'Ann');
    expect(card.alt).toContain('Mastery is highest in Iota (0%, recall 3%); 8 of 9 topics have no mastery yet.');
    expect(JSON.stringify(card.source)).toContain('"topic":"Iota"'); // among the bars
    // With one topic started, three bars: not eight at 0%.
    const bars = (JSON.stringify(card.source).match(/"kind":"picking the answer"/g) ?? []).length;
    expect(bars).toBe(3);
  });

  it('writes a long topic name on two lines, whole, instead of cutting it', async () => {
    expect(twoLines('Attention and transformers')).toBe('Attention and\ntransformers');
    expect(twoLines('Efficient fine-tuning and compression')).toBe('Efficient fine-tuning\nand compression');
    expect(twoLines('Evaluation')).toBe('Evaluation');
    expect(twoLines('Supercalifragilisticexpialidocious')).toBe('Supercalifragilisticexpialidocious');
    const long = { ...stats(), mastery: [{ topic: 'pt', name: 'Post-training and alignment', mastery: 0.5, due: 0 }], recall: [] };
    const card = statCard(long, 'Ann');
    if (!('chart' in card.source)) throw new Error('the card is a chart');
    const texts = [...(await chartSvg(card.source.chart)).matchAll(/<text[^>]*>([^<]*)<\/text>|<tspan[^>]*>([^<]*)<\/tspan>/g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(texts).toContain('Post-training');
    expect(texts).toContain('and alignment');
    expect(texts.join(' ')).not.toContain('…');
    expect(card.alt).toContain('Post-training and alignment (50%');
  });

  it('draws the stat card and the podium as PNGs that are not blank', async () => {
    for (const picture of [
      statCard(stats(), 'Ann'),
      podiumPicture('r1', [{ memberId: 'a', name: 'Ann', points: 1500, right: 2, rank: 1 }])!,
    ]) {
      const png = decodePng((await pictures.render(picture)).data);
      expect(png.width, picture.name).toBeGreaterThan(500);
      expect(png.colours, picture.name).toBeGreaterThan(10);
      expect(png.darkest, picture.name).toBeLessThan(60);
    }
  }, 30_000);

  it('draws the weekly recap no wider for a long answer, and says "nobody scored" in words', async () => {
    const question: Question = {
      id: 'q',
      pack: 'p',
      topic: 'alpha',
      topicName: 'Alpha',
      difficulty: 2,
      prompt: 'Why does a model that is trained for longer not always generalise better?',
      answer:
        'Because past the point where validation loss is lowest it fits noise in the training set, so held-out error rises even as training error keeps falling',
      distractors: ['x', 'y', 'z'],
      explanation: 'e',
    };
    const days = Array.from({ length: 7 }, (_, i) => ({ date: `2026-03-0${i + 2}`, posted: true, answered: 3, right: 1 }));
    const widths: number[] = [];
    for (const answer of ['Short answer', question.answer]) {
      for (const top of [[{ rank: 1, name: 'Ann', points: 10 }], []]) {
        const recap = renderRecap({
          channelId: 'c',
          week: '2026-W10',
          days,
          top,
          hardest: { question: { ...question, answer }, answered: 3, right: 1 },
        });
        const png = decodePng((await pictures.render(recap.image!)).data);
        widths.push(png.width);
        if (top.length === 0) expect(JSON.stringify(recap.image)).not.toContain('"points":0');
      }
    }
    expect(Math.max(...widths) - Math.min(...widths)).toBeLessThanOrEqual(widths[0]! * 0.05);
    const oneDaily = days.map((d, i) => (i === 0 ? d : { ...d, posted: false, answered: 0, right: 0 }));
    expect(plainText(renderRecap({ channelId: 'c', week: '2026-W10', days: oneDaily, top: [] }))).toContain('1 daily ·');
  }, 30_000);

  it('puts tied members on one step, and no one tied is left off', () => {
    const tied = ['ann', 'bob', 'cid', 'dan'].map((name) => ({ memberId: name, name, points: 3300, right: 3, rank: 1 }));
    const podium = podiumPicture('r1', [...tied, { memberId: 'eve', name: 'eve', points: 1000, right: 1, rank: 5 }])!;
    const values = (podium.source as { chart: { data: { values: { place: string; name: string }[] } } }).chart.data.values;
    expect(values).toEqual([expect.objectContaining({ place: '1', name: 'ann +3 tied' })]);
    for (const name of ['ann', 'bob', 'cid', 'dan']) expect(podium.alt).toContain(`1st ${name} with 3300 points`);
    expect(podium.alt).not.toContain('eve');
  });

  it('has no podium when nobody scored, and at most three on it', () => {
    expect(podiumPicture('r1', [])).toBeUndefined();
    expect(podiumPicture('r1', [{ memberId: 'a', name: 'Ann', points: 0, right: 0, rank: 1 }])).toBeUndefined();
    const four = ['Ann', 'Bob', 'Cid', 'Dee'].map((name, i) => ({ memberId: name, name, points: 1000 - i, right: 1, rank: i + 1 }));
    expect(podiumPicture('r1', four)!.alt).toBe(
      'Podium of the round: 1st Ann with 1000 points (1 right); 2nd Bob with 999 points (1 right); 3rd Cid with 998 points (1 right).',
    );
  });

  it('a PICTURES_DIR that cannot be written: the card is said not saved, and the session goes on', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'bp-stat-card-')), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const router = new MessengerRouter();
    const rig = createRig({ messenger: router });
    const shell = new ShellDriver('you', { picturesDir: join(blocker, 'pictures') });
    router.register('shell', shell.adapter);
    await shell.start(rig.dispatcher);
    try {
      const out = await shell.send('quiz stats');
      expect(out).toContain(`🖼️ Not saved: ${join(blocker, 'pictures')} cannot be written (ENOTDIR).`);
      expect(out).toContain('Stat card for you');
      expect(await shell.send('quiz help')).toContain('quiz start');
    } finally {
      await shell.stop();
    }
  });

  it('quiz stats in the shell keeps its text and adds the card as a PNG on disk', async () => {
    const picturesDir = mkdtempSync(join(tmpdir(), 'bp-stat-card-'));
    const router = new MessengerRouter();
    const rig = createRig({ messenger: router });
    const shell = new ShellDriver('you', { picturesDir });
    router.register('shell', shell.adapter);
    await shell.start(rig.dispatcher);
    try {
      await shell.send('quiz-admin setup');
      await shell.send('quiz-admin post');
      const { daily } = (await rig.engine.dailies.open(SHELL_TEAM, await onlyChannel(rig.engine, SHELL_TEAM)))!;
      await shell.send(rightLetter(daily.order));
      const out = await shell.send('quiz stats');
      expect(out).toContain('Answered 1 · 100% right');
      expect(out).toMatch(/Streak: 1 day/);
      const path = join(picturesDir, 'stats-you.png');
      expect(out).toContain(`🖼️ Picture: ${path}`);
      expect(out).toContain('Stat card for you: 100% right (1 of 1)');
      expect(decodePng(readFileSync(path)).colours).toBeGreaterThan(10);
    } finally {
      await shell.stop();
    }
  }, 30_000);
});
