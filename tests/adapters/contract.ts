import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../src/adapters/types.js';
import type { Store } from '../../src/core/ports/store.js';
import type { RoundRecord } from '../../src/core/rounds/rounds.js';
import { b, line, t } from '../../src/core/shared/messages.js';
import type { TeamRef } from '../../src/core/shared/refs.js';
import { MemoryPrimitives } from '../../src/store/memory.js';
import { SyncStore } from '../../src/store/sync-store.js';
import type { TestRig } from '../fakes/engine.js';
import { onlyChannel, rightLetter, wrongLetter } from '../fakes/engine.js';
import { GatedStore } from '../fakes/gated-store.js';

/**
 * The adapter contract: every chat adapter (shell, Discord, Slack) passes this same suite, each through its
 * own fake platform, asserting on what reached the platform.
 */
export interface AdapterUnderTest {
  rig: TestRig;
  adapter: ChatAdapter;
  team: TeamRef;
  /** A channel the platform knows, where posts may go. */
  channel: string;
  /** What the platform shows for a message the adapter posted or edited: its text and its clickable buttons. */
  shown(messageId: string): Promise<{ text: string; buttons: string[] }>;
  /** A member ("boss" is an admin) types a command; what they see, and whether only they see it. */
  command(user: string, group: 'quiz' | 'quiz-admin', text: string): Promise<{ text: string; private: boolean }>;
  /** A member clicks the button with this label on a posted message. */
  click(user: string, messageId: string, label: string): Promise<{ text: string; private: boolean }>;
  /** The text of every round scoreboard posted to a channel. */
  scoreboards(): string[];
  /** A member clicks a button on the last private message they were shown. */
  clickReply(user: string, label: string): Promise<{ text: string; private: boolean }>;
  stop(): Promise<void>;
}

/** How a contract scenario may start its adapter: on a given store (the default is a fresh memory store). */
export interface StartOptions {
  store?: Store;
}

export function adapterContract(name: string, start: (options?: StartOptions) => Promise<AdapterUnderTest>): void {
  describe(`adapter contract: ${name}`, () => {
    let a: AdapterUnderTest;
    beforeEach(async () => {
      a = await start();
    });
    afterEach(async () => {
      await a.stop();
    });

    it('posts a message with its text and buttons to a channel', async () => {
      const { messageId } = await a.adapter.post(a.team, a.channel, {
        title: 'Contract title',
        lines: [line(b('Bold part'), t(' and x*y*z with <tags> & @everyone'))],
        buttons: [
          { actionId: 'daily:answer:none:A', label: 'A' },
          { actionId: 'daily:answer:none:B', label: 'B' },
        ],
      });
      expect(messageId).toBeTruthy();
      const shown = await a.shown(messageId);
      expect(shown.text).toContain('Contract title');
      expect(shown.text).toContain('Bold part and x*y*z with <tags> & @everyone');
      expect(shown.buttons).toEqual(['A', 'B']);
    });

    it('edits that message in place; disabled buttons can no longer be clicked', async () => {
      const { messageId } = await a.adapter.post(a.team, a.channel, {
        lines: [line(t('before'))],
        buttons: [{ actionId: 'x:y:z', label: 'Go' }],
      });
      await a.adapter.edit(a.team, a.channel, messageId, {
        lines: [line(t('after'))],
        buttons: [{ actionId: 'x:y:z', label: 'Go', disabled: true }],
      });
      const shown = await a.shown(messageId);
      expect(shown.text).toContain('after');
      expect(shown.text).not.toContain('before');
      expect(shown.buttons).toEqual([]);
    });

    it('answers a command privately', async () => {
      const reply = await a.command('ann', 'quiz', 'help');
      expect(reply.private).toBe(true);
      expect(reply.text).toContain('quiz start [topic] [count] [difficulty]');
    });

    it('round-trips a button: the click reaches the engine as the clicking member and the reply comes back privately', async () => {
      await a.command('boss', 'quiz-admin', 'setup');
      expect((await a.command('boss', 'quiz-admin', 'post')).text).toContain('Daily question posted');
      const open = (await a.rig.engine.dailies.open(a.team, await onlyChannel(a.rig.engine, a.team)))!;
      expect(open.daily.messageId).toBeTruthy();
      expect((await a.shown(open.daily.messageId!)).buttons).toEqual(['A', 'B', 'C', 'D']);
      const reply = await a.click('ann', open.daily.messageId!, 'B');
      expect(reply.private).toBe(true);
      expect(reply.text).toMatch(/Right!|Not quite/);
      expect((await a.rig.engine.dailies.tally(a.team, open.daily.id)).answered).toBe(1);
      const again = await a.click('ann', open.daily.messageId!, 'C');
      expect(again.text).toContain('You already answered this daily question (you picked B)');
    });

    it('review: a question answered wrong comes back, privately, with the same buttons; a right answer can be rated', async () => {
      const bank = a.rig.engine.bank;
      const letterFor = (text: string, right: boolean) => {
        const options = [...text.matchAll(/^[│\s]*([A-D])\) (.+)$/gm)].map((m) => ({ letter: m[1]!, text: m[2]!.trim() }));
        const q = bank.select({ pack: 'mini' }).find((x) => options.some((o) => o.text === x.answer))!;
        return options.find((o) => (o.text === q.answer) === right)!.letter;
      };
      const practice = await a.command('ann', 'quiz', 'start beta 1');
      const missed = await a.clickReply('ann', letterFor(practice.text, false));
      expect(missed.text).toContain('Not quite');
      a.rig.clock.advance(24 * 60 * 60 * 1000);
      const review = await a.command('ann', 'quiz', 'review 2');
      expect(review.private).toBe(true);
      expect(review.text).toContain('Review · question 1 of 2');
      expect(review.text).toContain('1 review due now');
      const sameQuestion = (t: string) => t.match(/(Beta question number \w+\?)/)?.[1];
      expect(sameQuestion(review.text)).toBe(sameQuestion(practice.text));
      const right = await a.clickReply('ann', letterFor(review.text, true));
      expect(right.text).toContain('Right!');
      const rated = await a.clickReply('ann', 'Easy');
      expect(rated.private).toBe(true);
      expect(rated.text).toContain('Rated Easy');
      const stats = await a.command('ann', 'quiz', 'stats');
      expect(stats.text).toMatch(/Mastery/);
    });

    it('plays a live round: documented points, fastest-first lists, one scoreboard whose totals match', async () => {
      const started = await a.command('ann', 'quiz', 'round alpha 3 20');
      expect(started.private).toBe(true);
      expect(started.text).toContain('Round started');
      const round = async () => {
        const ids = (await a.rig.store.keys('bp:')).filter((k) => /^bp:[^:]+:[^:]+:round:[a-z0-9]+$/.test(k));
        return (await a.rig.store.get<RoundRecord>(ids[0]!))!;
      };
      // [member, seconds after the post, right?] per question.
      const plan: [string, number, boolean][][] = [
        [
          ['ann', 2, true],
          ['cid', 5, false],
          ['bob', 10, true],
        ], // ann 950, bob 750
        [
          ['bob', 1, false],
          ['ann', 4, true],
          ['cid', 6, true],
        ], // ann 900 + 100 in a row, cid 850
        [
          ['bob', 3, true],
          ['ann', 8, true],
        ], // bob 925, ann 800 + 200
      ];
      for (const [i, answers] of plan.entries()) {
        const r = await round();
        expect(r.index).toBe(i);
        const order = r.items[i]!.order;
        expect((await a.shown(r.messageId!)).buttons).toEqual(['A', 'B', 'C', 'D']);
        let elapsed = 0;
        for (const [who, at, right] of answers) {
          await a.rig.timers.advance((at - elapsed) * 1000);
          elapsed = at;
          const reply = await a.click(who, r.messageId!, right ? rightLetter(order) : wrongLetter(order));
          expect(reply.private, who).toBe(true);
          expect(reply.text).toContain('Locked in');
        }
        const twice = await a.click(answers[0]![0], r.messageId!, 'A');
        expect(twice.text).toContain('You already answered this question of the round');
        await a.rig.timers.advance((20 - elapsed) * 1000 + 1);
        const closed = await a.shown(r.messageId!);
        expect(closed.buttons).toEqual([]);
        if (i === 0) expect(closed.text).toContain('Got it: ann (2.0 s, +950), bob (10.0 s, +750)');
        if (i === 1) expect(closed.text).toContain('Got it: ann (4.0 s, +1000), cid (6.0 s, +850)');
        if (i === 2) expect(closed.text).toContain('Got it: bob (3.0 s, +925), ann (8.0 s, +1000)');
      }
      const ended = await round();
      expect(ended.status).toBe('ended');
      const board = a.scoreboards();
      expect(board).toHaveLength(1);
      expect(board[0]).toContain('1. ann · 2950 (3/3 right)');
      expect(board[0]).toContain('2. bob · 1675 (2/3 right)');
      expect(board[0]).toContain('3. cid · 850 (1/3 right)');
      // Toward the leaderboards: points ÷ 100, at most 30 a day.
      const lb = await a.command('cid', 'quiz', 'leaderboard');
      expect(lb.text).toMatch(/1\. ann · 30/);
      expect(lb.text).toMatch(/2\. bob · 17/);
      expect(lb.text).toMatch(/3\. cid · 9/);
    });

    it('stopping lets a click already taken be answered before the connection closes', async () => {
      const gated = new GatedStore(new SyncStore(new MemoryPrimitives()), 'commitAnswer');
      const g = await start({ store: gated.store });
      try {
        await g.command('boss', 'quiz-admin', 'setup');
        await g.command('boss', 'quiz-admin', 'post');
        const open = (await g.rig.engine.dailies.open(g.team, await onlyChannel(g.rig.engine, g.team)))!;
        gated.arm();
        const reply = g.click('ann', open.daily.messageId!, 'B');
        await gated.arrived;
        let stopped = false;
        const stopping = g.adapter.stop().then(() => (stopped = true));
        await new Promise((r) => setTimeout(r, 50));
        expect(stopped, 'stop() waits for the click in flight').toBe(false);
        gated.open();
        expect((await reply).text).toMatch(/Right!|Not quite/);
        await stopping;
        expect(stopped).toBe(true);
      } finally {
        await g.stop();
      }
    });
  });
}
