import { describe, expect, it } from 'vitest';
import { FakeDiscord } from './discord/server.js';
import { FakeSlack } from './slack/server.js';

/** The fakes' message rules (platform-rules.test.ts) hold on every route that sends or edits a message. */
describe('the fake platforms refuse an over-limit message wherever one is sent or edited', () => {
  it('Discord: channel posts and edits, interaction replies and updates, follow-ups and their edits', async () => {
    const fake = await new FakeDiscord().start();
    try {
      const call = (method: string, path: string, body: unknown) =>
        fetch(`${fake.url}/api/v10${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      // Six action rows: one more than Discord takes.
      const tooMany = {
        components: Array.from({ length: 6 }, (_, r) => ({
          type: 1,
          components: [{ type: 2, style: 1, label: 'x', custom_id: `a:${r}` }],
        })),
      };
      const channel = fake.addGuild().channels[0]!;
      expect((await call('POST', `/channels/${channel}/messages`, tooMany)).status).toBe(400);
      const posted = (await (await call('POST', `/channels/${channel}/messages`, { content: 'fine' })).json()) as { id: string };
      expect((await call('PATCH', `/channels/${channel}/messages/${posted.id}`, tooMany)).status).toBe(400);
      for (const type of [4, 7])
        expect((await call('POST', `/interactions/1/token-${type}/callback`, { type, data: tooMany })).status).toBe(400);
      expect((await call('POST', '/webhooks/1/token-4', tooMany)).status).toBe(400);
      expect((await call('PATCH', '/webhooks/1/token-4/messages/@original', tooMany)).status).toBe(400);
      expect((await call('PATCH', `/webhooks/1/token-4/messages/${posted.id}`, tooMany)).status).toBe(400);
      // Nothing refused was kept.
      expect(fake.channelMessages.map((m) => [m.body, m.edits])).toEqual([[{ content: 'fine' }, []]]);
      expect(fake.responses).toEqual([]);
      expect(fake.webhookMessages).toEqual([]);
    } finally {
      await fake.stop();
    }
  });

  it('Slack: chat.postMessage, chat.update, chat.postEphemeral and response URLs', async () => {
    const fake = await new FakeSlack().start();
    try {
      // Twenty-six buttons in one actions block: one more than Slack takes.
      const blocks = [
        {
          type: 'actions',
          elements: Array.from({ length: 26 }, (_, i) => ({
            type: 'button',
            action_id: `a:${i}`,
            text: { type: 'plain_text', text: 'x' },
          })),
        },
      ];
      const api = async (method: string, args: Record<string, unknown>) =>
        (await (
          await fetch(`${fake.apiUrl}${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${fake.botToken}` },
            body: JSON.stringify(args),
          })
        ).json()) as { ok: boolean; error?: string };
      for (const method of ['chat.postMessage', 'chat.update', 'chat.postEphemeral'])
        expect(await api(method, { channel: 'C0GENERAL', ts: '1.1', user: 'U1', text: 'x', blocks }), method).toMatchObject({
          ok: false,
          error: 'invalid_blocks',
        });
      const response = await fetch(`${fake.url}/response/E1`, { method: 'POST', body: JSON.stringify({ text: 'x', blocks }) });
      expect(response.status).toBe(404);
      expect([fake.messages, fake.ephemerals, fake.responses]).toEqual([[], [], []]);
    } finally {
      await fake.stop();
    }
  });
});
