import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../../src/adapters/slack/errors.js';
import { DeliveryError } from '../../../src/core/shared/errors.js';

const platformError = (error: string) =>
  Object.assign(new Error(`An API error occurred: ${error}`), { code: ErrorCode.PlatformError, data: { ok: false, error } });

describe('Slack Web API errors as delivery errors', () => {
  it('an error no retry mends stops the channel (needs attention); a temporary one is retried; our own bug passes through', () => {
    const permanent = ['channel_not_found', 'not_in_channel', 'is_archived', 'invalid_auth', 'token_revoked', 'team_access_not_granted'];
    for (const code of permanent) {
      const mapped = toDeliveryError(platformError(code));
      expect(mapped, code).toBeInstanceOf(DeliveryError);
      expect((mapped as DeliveryError).permanent, code).toBe(true);
    }
    expect((toDeliveryError(platformError('team_access_not_granted')) as DeliveryError).reason).toContain('an org admin adds it');
    for (const code of ['token_expired', 'internal_error', 'service_unavailable']) {
      expect((toDeliveryError(platformError(code)) as DeliveryError).permanent, code).toBe(false);
    }
    const unknown = platformError('invalid_blocks');
    expect(toDeliveryError(unknown)).toBe(unknown);
  });
});
