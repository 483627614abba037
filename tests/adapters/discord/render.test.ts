import { DiscordAPIError, HTTPError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../../src/adapters/discord/errors.js';
import { LIMITS, renderDiscord } from '../../../src/adapters/discord/render.js';
import { DeliveryError } from '../../../src/core/shared/errors.js';
import { b, line, ref, t } from '../../../src/core/shared/messages.js';

describe('Discord rendering', () => {
  it('escapes content so it can never become markup or a mention', () => {
    const payload = renderDiscord({ lines: [line(t('x**2** _y_ @everyone <@123> `code`'))] });
    const text = payload.embeds[0]!.description!;
    expect(text).not.toContain('**2**');
    expect(text).toContain('\\*\\*2\\*\\*');
    expect(text).not.toMatch(/@everyone/);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });

  it('bold hugs its text; references become Discord mentions (which allowed_mentions keeps silent)', () => {
    const text = renderDiscord({ lines: [line(b(' A) Right '), t('in '), ref('channel', '42'), ref('role', '7'))] }).embeds[0]!.description;
    expect(text).toBe(' **A) Right** in <#42><@&7>');
  });

  it('puts at most five buttons in a row and clips long labels and descriptions', () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({ actionId: `x:y:${i}`, label: 'L'.repeat(100) }));
    const payload = renderDiscord({ lines: [line(t('d'.repeat(5000)))], buttons });
    expect(payload.components.map((r) => r.components.length)).toEqual([5, 2]);
    expect((payload.components[0]!.components[0] as { label: string }).label.length).toBeLessThanOrEqual(LIMITS.label);
    expect(payload.embeds[0]!.description!.length).toBe(LIMITS.description);
  });

  it('disabled buttons stay disabled (the closed daily)', () => {
    const payload = renderDiscord({ lines: [], buttons: [{ actionId: 'daily:answer:d:A', label: 'A', disabled: true }] });
    expect(payload.components[0]!.components[0]).toMatchObject({ disabled: true, custom_id: 'daily:answer:d:A' });
  });
});

describe('Discord failures become typed delivery errors', () => {
  const apiError = (status: number, code: number) =>
    new DiscordAPIError({ code, message: 'x' }, code, status, 'POST', '/channels/1/messages', { body: undefined, files: undefined });

  it.each([
    [403, 50001, true],
    [403, 50013, true],
    [404, 10003, true],
    [502, 0, false],
  ])('%i / code %i → permanent %s', (status, code, permanent) => {
    const mapped = toDeliveryError(apiError(status, code));
    expect(mapped).toBeInstanceOf(DeliveryError);
    expect((mapped as DeliveryError).permanent).toBe(permanent);
  });

  it('server errors and timeouts are transient; our own bad requests stay bugs', () => {
    expect(
      (toDeliveryError(new HTTPError(503, 'Service Unavailable', 'POST', '/x', { body: undefined, files: undefined })) as DeliveryError)
        .permanent,
    ).toBe(false);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect((toDeliveryError(abort) as DeliveryError).permanent).toBe(false);
    const bad = apiError(400, 50035);
    expect(toDeliveryError(bad)).toBe(bad);
  });
});
