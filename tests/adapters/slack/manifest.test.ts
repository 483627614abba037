import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupOf } from '../../../src/adapters/slack/adapter.js';
import { escapeMrkdwn, LIMITS, renderSlack } from '../../../src/adapters/slack/render.js';
import { commandsOf, GROUPS } from '../../../src/commands/table.js';
import { b, line, ref, t } from '../../../src/core/shared/messages.js';

const manifest = JSON.parse(readFileSync(new URL('../../../src/adapters/slack/manifest.json', import.meta.url), 'utf8'));

describe('the Slack app manifest', () => {
  it('declares /quiz and /quiz-admin, escaped so mentions arrive as ids, with every subcommand in the hint', () => {
    const commands = manifest.features.slash_commands as {
      command: string;
      should_escape: boolean;
      usage_hint: string;
      description: string;
    }[];
    expect(commands.map((c) => c.command)).toEqual(['/quiz', '/quiz-admin']);
    for (const c of commands) {
      expect(c.should_escape).toBe(true);
      const group = groupOf(c.command);
      expect(c.description).toBe(GROUPS[group].description);
      const words = c.usage_hint.split(/[\s|]+/);
      // A family's command ("pack upload") shows as its family and each of its subcommands.
      for (const sub of commandsOf(group)) for (const word of sub.name.split(' ')) expect(words, sub.name).toContain(word);
    }
  });

  it('asks for the scopes and events Backprop uses, and no more', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'chat:write.public', 'commands', 'files:write', 'users:read']);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});

describe('Block Kit rendering', () => {
  it('escapes content: no mention, link or formatting can come from a question or a name', () => {
    const text = renderSlack({ lines: [line(t('<!channel> <@U1> a*b*c & _x_'))] }).blocks[0] as { text: { text: string } };
    expect(text.text.text).not.toContain('<!channel>');
    expect(text.text.text).toContain('&lt;!channel&gt; &lt;@U1&gt;');
    expect(text.text.text).toContain('&amp;');
    expect(text.text.text).not.toMatch(/(^|[^\u200b])\*b/);
    expect(escapeMrkdwn('*')).toBe('\u200b*\u200b');
  });

  it('bold hugs its text, references become Slack links, headers and buttons fit the limits', () => {
    const payload = renderSlack({
      title: 'T'.repeat(200),
      lines: [line(b(' A) yes '), ref('channel', 'C1'), ref('user', 'U2'))],
      buttons: [{ actionId: 'daily:answer:d:A', label: 'L'.repeat(100) }],
      footer: 'f',
    });
    const [header, section, actions, context] = payload.blocks as any[];
    expect(header.text.text.length).toBeLessThanOrEqual(LIMITS.header);
    expect(section.text.text).toBe(' *A) yes* <#C1><@U2>');
    expect(actions.elements[0].text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    expect(actions.elements[0].action_id).toBe('daily:answer:d:A');
    expect(context.type).toBe('context');
    expect(payload.text.length).toBeGreaterThan(0);
  });

  it('splits long text into sections under 3000 characters, and drops buttons that are all disabled', () => {
    const lines = Array.from({ length: 30 }, () => line(t('x'.repeat(500))));
    const payload = renderSlack({ lines, buttons: [{ actionId: 'a:b:c', label: 'A', disabled: true }] });
    expect(payload.blocks.every((blk: any) => blk.type === 'section' && blk.text.text.length <= LIMITS.section)).toBe(true);
    expect(payload.blocks.length).toBeGreaterThan(4);
  });
});
