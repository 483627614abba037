import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAdapter } from '../../src/adapters/types.js';
import { b, line, t } from '../../src/core/messages.js';
import type { TeamRef } from '../../src/core/model.js';
import type { TestRig } from '../fakes/engine.js';

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
  stop(): Promise<void>;
}

export function adapterContract(name: string, start: () => Promise<AdapterUnderTest>): void {
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
        buttons: [{ actionId: 'daily:answer:none:A', label: 'A' }, { actionId: 'daily:answer:none:B', label: 'B' }],
      });
      expect(messageId).toBeTruthy();
      const shown = await a.shown(messageId);
      expect(shown.text).toContain('Contract title');
      expect(shown.text).toContain('Bold part and x*y*z with <tags> & @everyone');
      expect(shown.buttons).toEqual(['A', 'B']);
    });

    it('edits that message in place; disabled buttons can no longer be clicked', async () => {
      const { messageId } = await a.adapter.post(a.team, a.channel, { lines: [line(t('before'))], buttons: [{ actionId: 'x:y:z', label: 'Go' }] });
      await a.adapter.edit(a.team, a.channel, messageId, { lines: [line(t('after'))], buttons: [{ actionId: 'x:y:z', label: 'Go', disabled: true }] });
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
      const open = (await a.rig.engine.dailies.open(a.team))!;
      expect(open.daily.messageId).toBeTruthy();
      expect((await a.shown(open.daily.messageId!)).buttons).toEqual(['A', 'B', 'C', 'D']);
      const reply = await a.click('ann', open.daily.messageId!, 'B');
      expect(reply.private).toBe(true);
      expect(reply.text).toMatch(/Right!|Not quite/);
      expect((await a.rig.engine.dailies.tally(a.team, open.daily.id)).answered).toBe(1);
      const again = await a.click('ann', open.daily.messageId!, 'C');
      expect(again.text).toContain('You already answered this daily question (you picked B)');
    });
  });
}
