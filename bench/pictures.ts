import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadBank } from '../src/bank/load.js';
import { figureOf } from '../src/core/bank/question-view.js';
import type { Picture } from '../src/core/shared/messages.js';
import { dayStatuses } from '../src/core/standings/day-statuses.js';
import { statCard } from '../src/core/standings/stat-card.js';
import type { MemberStats } from '../src/core/standings/stats.js';
import { computeStreak } from '../src/core/standings/streaks.js';
import { Pictures } from '../src/pictures/pictures.js';
import { percentile, run } from './stats.js';

/** What drawing costs: per picture kind, drawn in the worker and inline, and what a cached request costs. */
export interface PictureBench {
  kind: string;
  draws: number;
  /** Drawn in the worker thread, as the bot does: the time a member waits. */
  workerP50Ms: number;
  workerP99Ms: number;
  /** How long the event loop was held while the worker drew (what other members' events would wait): p99 and max. */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  /** Drawn on the event loop: what it would block for without the worker. */
  inlineP50Ms: number;
  inlineP99Ms: number;
  /** Served from the cache (the same question's chart again). */
  cachedP50Ms: number;
}

export function sampleStats(): MemberStats {
  const postedDays: string[] = [];
  const start = Date.UTC(2026, 5, 1);
  for (let d = 0; d < 180; d++) if (d % 7 < 5) postedDays.push(new Date(start + d * 86_400_000).toISOString().slice(0, 10));
  const input = { postedDays, answeredDays: new Set(postedDays.filter((_, i) => i % 11 !== 3)), openDays: new Set<string>() };
  const mastery = Array.from({ length: 22 }, (_, i) => ({
    topic: `t${i}`,
    name: `Topic number ${i}`,
    mastery: ((i * 37) % 100) / 100,
    due: i % 3,
  }));
  return {
    userId: 'bench',
    record: { answered: 300, correct: 210 } as MemberStats['record'],
    streak: computeStreak(input),
    mastery,
    recall: mastery.map((m) => ({ ...m, mastery: m.mastery / 2 })),
    recallCards: 50,
    days: dayStatuses(input),
    today: '2026-11-27',
  };
}

async function measure(kind: string, pictureFor: (i: number) => Picture, draws: number): Promise<PictureBench> {
  // cacheSize 0: every request draws (each iteration's picture differs anyway, like every member's card).
  const worker = new Pictures({ cacheSize: 0 });
  await worker.render(pictureFor(-1)); // starts the worker and loads vega in it
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const threaded = await run(draws, (i) => worker.render(pictureFor(i)));
  loop.disable();
  await worker.stop();
  const inline = new Pictures({ thread: false, cacheSize: 0 });
  await inline.render(pictureFor(-1));
  const inlined = await run(draws, (i) => inline.render(pictureFor(i)));
  const cache = new Pictures({ thread: false });
  await cache.render(pictureFor(0));
  const cached = await run(draws, () => cache.render(pictureFor(0)));
  const sorted = (r: { durations: number[] }) => [...r.durations].sort((a, b) => a - b);
  return {
    kind,
    draws,
    workerP50Ms: percentile(sorted(threaded), 50),
    workerP99Ms: percentile(sorted(threaded), 99),
    eventLoopP99Ms: loop.percentile(99) / 1e6,
    eventLoopMaxMs: loop.max / 1e6,
    inlineP50Ms: percentile(sorted(inlined), 50),
    inlineP99Ms: percentile(sorted(inlined), 99),
    cachedP50Ms: percentile(sorted(cached), 50),
  };
}

export async function benchPictures(draws = 50): Promise<PictureBench[]> {
  const bank = loadBank(join(import.meta.dirname, '../data/packs'));
  const question = bank.pack('deep-learning')!.questions.find((q) => q.id === 'figure-overfitting-curves')!;
  const figure = figureOf(question).image!;
  const stats = sampleStats();
  return [
    // A different title per draw makes each card a different picture (no two members' cards are the same).
    await measure('stat card', (i) => statCard(stats, `Member ${i}`), draws),
    await measure(
      'chart question',
      (i) => ({ ...figure, source: { chart: { ...(figure.source as { chart: object }).chart, description: `draw ${i}` } } }),
      draws,
    ),
  ];
}
