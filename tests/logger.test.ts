import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../src/logger.js';

describe('logs hold no secrets', () => {
  it('the real pino output: token fields are redacted, and tokens inside library errors and URLs are scrubbed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bp-log-')), 'out.log');
    const fd = openSync(file, 'w');
    // createLogger's options, writing to a file instead of stdout.
    const log = pino(loggerOptions('info'), pino.destination({ fd, sync: true }));
    const discordError = Object.assign(new Error('Internal Server Error'), {
      url: 'https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu/callback',
      requestBody: { json: { content: 'hi' } },
    });
    log.error({ err: discordError }, 'could not answer an interaction');
    log.warn({ err: new Error('invalid_auth for token xoxb-1234-5678-abcdefSECRET') }, 'users.info failed');
    log.info(
      { settings: { token: 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTAx.GhIjKl.abcdefghijklmnopqrstuvwxyz1234', appToken: 'xapp-1-A0-SECRET' } },
      'config',
    );
    log.info({ responseUrl: 'https://hooks.slack.com/actions/T0/123/SECRETpath', headers: { authorization: 'Bot abc.def' } }, 'request');
    log.info({ note: 'sent with header Bearer xoxb-9-9-SECRET' }, 'free text');
    closeSync(fd);

    const out = readFileSync(file, 'utf8');
    expect(out.trim().split('\n')).toHaveLength(5);
    for (const secret of ['aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu', 'SECRET', 'MTIzNDU2Nzg5MDEyMzQ1Njc4OTAx', 'abc.def'])
      expect(out).not.toContain(secret);
    // What is left still says what happened.
    expect(out).toContain('/interactions/123456789012345678/[redacted]/callback');
    expect(out).toContain('hooks.slack.com/[redacted]');
    expect(out).toContain('"msg":"could not answer an interaction"');
    expect(out).toContain('Internal Server Error');
  });
});

describe('a distributed Slack app logs no token or secret', () => {
  it('installations, refreshed tokens, the OAuth client secret and redirect queries are redacted or scrubbed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bp-log-')), 'out.log');
    const fd = openSync(file, 'w');
    const log = pino(loggerOptions('trace'), pino.destination({ fd, sync: true }));
    const installation = {
      team: { id: 'T1' },
      bot: { token: 'xoxe.xoxb-1-BOTSECRET', refreshToken: 'xoxe-1-REFRESHSECRET', userId: 'U1' },
      user: { token: 'xoxp-USERSECRET', id: 'U2' },
    };
    log.info({ installation }, 'installed');
    log.info({ oauth: { clientId: '123.456', clientSecret: 'CLIENTSECRET', stateSecret: 'STATESECRET' } }, 'config');
    log.debug({ refreshed: { access_token: 'opaque-ACCESSSECRET', refresh_token: 'opaque-REFRESH2SECRET' } }, 'oauth.v2.access');
    log.debug('POST oauth.v2.access client_id=123.456&client_secret=FORMSECRET&grant_type=refresh_token&refresh_token=FORMREFRESHSECRET');
    log.warn({ url: '/slack/oauth_redirect?code=CODESECRET&state=STATESECRET2' }, 'oauth failed');
    log.debug('http request body: {"code":"CODE2SECRET","client_id":"123.456","client_secret":"JSONSECRET"}');
    log.error({ err: new Error('token_expired for xoxe.xoxb-2-ERRSECRET (refresh xoxe-1-ERRREFRESHSECRET)') }, 'post failed');
    closeSync(fd);

    const out = readFileSync(file, 'utf8');
    expect(out.trim().split('\n')).toHaveLength(7);
    expect(out).not.toMatch(/SECRET/);
    expect(out).toContain('"clientId":"123.456"');
    expect(out).toContain('grant_type=refresh_token');
    expect(out).toContain('/slack/oauth_redirect?code=[redacted]&state=[redacted]');
  });
});
