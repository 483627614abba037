import { describe, expect, it, vi } from 'vitest';
import type { RefreshedToken } from '../../../src/adapters/slack/oauth/installation-doc.js';
import { NotServed, REVOKED_WINDOW_MS, StoredInstallations } from '../../../src/adapters/slack/oauth/installations.js';
import { STATE_TTL_MS, StoredStateStore } from '../../../src/adapters/slack/oauth/state-store.js';
import { TokenBox } from '../../../src/adapters/slack/oauth/token-box.js';
import { keys } from '../../../src/core/shared/keys.js';
import { MemoryPrimitives } from '../../../src/store/memory.js';
import { SyncStore } from '../../../src/store/sync-store.js';
import { FakeClock } from '../../fakes/clock.js';
import { MemoryLogger } from '../../fakes/logger.js';

const KEY = Buffer.alloc(32, 9);
/** What @slack/web-api throws for a Web API error answer. */
const slackError = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { data: { ok: false, error } });
const query = (teamId: string) => ({ teamId, enterpriseId: undefined, isEnterpriseInstall: false as const });

function installation(teamId: string, token: string, refreshToken?: string, expiresAtSeconds?: number) {
  return {
    team: { id: teamId, name: teamId },
    enterprise: undefined,
    user: { id: 'U1', token: undefined, scopes: undefined },
    bot: { id: 'B1', userId: 'UB1', scopes: ['commands'], token, refreshToken, expiresAt: expiresAtSeconds },
    isEnterpriseInstall: false,
    authVersion: 'v2' as const,
  };
}

describe('the token box (AES-256-GCM)', () => {
  it('opens what it sealed, for the same store key and key only; altered data does not open', () => {
    const box = new TokenBox(KEY);
    const sealed = box.seal('xoxb-secret', 'bp:slack-installation:team:T1');
    expect(sealed).not.toContain('xoxb-secret');
    expect(box.seal('xoxb-secret', 'k')).not.toBe(box.seal('xoxb-secret', 'k')); // a fresh IV every time
    expect(box.open(sealed, 'bp:slack-installation:team:T1')).toBe('xoxb-secret');
    expect(() => box.open(sealed, 'bp:slack-installation:team:T2')).toThrow();
    expect(() => new TokenBox(Buffer.alloc(32, 1)).open(sealed, 'bp:slack-installation:team:T1')).toThrow();
    const altered = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    expect(() => box.open(altered, 'bp:slack-installation:team:T1')).toThrow();
    expect(() => new TokenBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('installations in the store', () => {
  const setUp = (clock: FakeClock, refresh: (token: string) => Promise<RefreshedToken>) => {
    const store = new SyncStore(new MemoryPrimitives(), clock);
    /** Every claim asked for, in order (the refresh lease among them). */
    const claims: string[] = [];
    const watched = {
      get: <T>(key: string) => store.get<T>(key),
      set: store.set.bind(store),
      delete: (key: string) => store.delete(key),
      updateDoc: store.updateDoc.bind(store),
      docKeys: store.docKeys.bind(store),
      getMany: store.getMany.bind(store),
      getClaim: store.getClaim.bind(store),
      releaseClaim: store.releaseClaim.bind(store),
      claim: (key: string, value: string, ttlMs?: number) => {
        claims.push(key);
        return store.claim(key, value, ttlMs);
      },
    };
    const open = () =>
      new StoredInstallations({ store: watched, box: new TokenBox(KEY), refresh, log: new MemoryLogger(), now: () => clock.now() });
    return { store, open, claims };
  };

  /** Organisation E1's org-wide installation (token xoxb-org), and an event of one of its workspaces looking it up. */
  const ORG_INSTALLATION = {
    ...installation('', 'xoxb-org'),
    team: undefined,
    enterprise: { id: 'E1', name: 'Org' },
    isEnterpriseInstall: true,
  };
  const withOrgInstall = async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
    const { store, open } = setUp(clock, () => Promise.reject(new Error('unused')));
    const installations = open();
    await installations.storeInstallation(ORG_INSTALLATION);
    const viaOrg = (teamId: string) => installations.fetchInstallation({ teamId, enterpriseId: 'E1', isEnterpriseInstall: true });
    return { clock, store, installations, viaOrg };
  };

  it('keys a workspace install by workspace and an org-wide one by organisation; a workspace of the org finds it', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
    const { store, open } = setUp(clock, () => Promise.reject(new Error('unused')));
    const installations = open();
    await installations.storeInstallation(installation('T1', 'xoxb-one'));
    await installations.storeInstallation(ORG_INSTALLATION);
    expect(await store.keys('bp:slack-installation:')).toEqual([
      keys.slackInstallation('enterprise', 'E1'),
      keys.slackInstallation('team', 'T1'),
    ]);
    expect((await installations.fetchInstallation(query('T1'))).bot?.token).toBe('xoxb-one');
    // An event of workspace T9 under the org-wide install teaches which installation serves T9.
    expect(await installations.queryFor('T9')).toBeUndefined();
    const viaOrg = await installations.fetchInstallation({ teamId: 'T9', enterpriseId: 'E1', isEnterpriseInstall: true });
    expect(viaOrg.bot?.token).toBe('xoxb-org');
    expect(await installations.queryFor('T9')).toEqual({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true });
    // An organisation-level event (naming the organisation where a workspace would be) links nothing.
    await installations.fetchInstallation({ teamId: 'E1', enterpriseId: 'E1', isEnterpriseInstall: true });
    expect(await store.get(keys.slackEnterpriseOf('E1'))).toBeUndefined();
    // A workspace taken out of the org-wide install no longer finds it.
    await installations.link('T6', 'E1');
    await installations.unlink('T6');
    expect(await installations.queryFor('T6')).toBeUndefined();
    // A repeated uninstall of a workspace's own installation never falls back to its organisation's.
    expect(await installations.uninstall({ teamId: 'T7', enterpriseId: 'E1', isEnterpriseInstall: false })).toBeUndefined();
    expect(await installations.queryFor('T9')).toEqual({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true });
    // The organisation uninstalls (the event names no workspace): its installation and its links go, E2's stay.
    await installations.link('T8', 'E2');
    expect(await installations.uninstall({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: false })).toEqual({
      scope: 'enterprise',
      id: 'E1',
    });
    expect(await installations.unlinkOrganisation('E1')).toEqual(['T9']);
    expect(await installations.queryFor('T9')).toBeUndefined();
    expect(await store.get(keys.slackEnterpriseOf('T8'))).toBe('E2');
    await installations.deleteInstallation(query('T1'));
    expect(await installations.queryFor('T1')).toBeUndefined();
    await expect(installations.fetchInstallation(query('T1'))).rejects.toThrow(/no installation/);
  });

  it('a workspace just taken out of the org-wide install has its events refused for a while, unless granted again or installed itself', async () => {
    const { clock, store, installations, viaOrg } = await withOrgInstall();
    await installations.storeInstallation({ ...installation('T2', 'xoxb-own'), enterprise: { id: 'E1', name: 'Org' } });
    for (const teamId of ['T1', 'T2']) await installations.grant(teamId, 'E1');
    expect([await installations.mayRestore('T1'), await installations.mayRestore('T2')]).toEqual([true, true]);
    // Revoking says whether the workspace has an installation of its own (then it stays served).
    expect([await installations.revoke('T1'), await installations.revoke('T2')]).toEqual([false, true]);
    // An event under way does not bring T1's team back; T2's own installation still serves it.
    expect([await installations.mayRestore('T1'), await installations.mayRestore('T2')]).toEqual([false, true]);
    // An event sent before the revoke, arriving after it, links nothing back; the error says it is expected.
    const late = viaOrg('T1');
    await expect(late).rejects.toThrow(/workspace T1 was taken out of organisation E1's installation/);
    await expect(late).rejects.toBeInstanceOf(NotServed);
    expect(await installations.queryFor('T1')).toBeUndefined();
    // A workspace with an installation of its own is still served by it.
    expect((await viaOrg('T2')).bot?.token).toBe('xoxb-own');
    // Granted again: served at once.
    await installations.grant('T1', 'E1');
    expect((await viaOrg('T1')).bot?.token).toBe('xoxb-org');
    // Revoked again, and again later: the window runs from the last revoke; once it is over, the workspace's events
    // link it again (a grant whose event never came).
    await installations.revoke('T1');
    clock.advance(REVOKED_WINDOW_MS / 2);
    await installations.revoke('T1');
    clock.advance(REVOKED_WINDOW_MS - 1);
    await expect(viaOrg('T1')).rejects.toThrow(/taken out/);
    clock.advance(1);
    expect((await viaOrg('T1')).bot?.token).toBe('xoxb-org');
    expect(await store.get(keys.slackEnterpriseOf('T1'))).toBe('E1');
  });

  it('an event never leaves a workspace linked after a revoke that ran meanwhile, nor unlinks a grant that came meanwhile, nor links to an organisation that uninstalled', async () => {
    const { clock, store, installations, viaOrg } = await withOrgInstall();
    await installations.grant('T1', 'E1');
    // The revoke runs while the event reads the installation (after the event found no revoke, before it links).
    const read = store.get.bind(store);
    let revokeDuring = true;
    store.get = (async (key: string) => {
      if (revokeDuring && key === keys.slackInstallation('enterprise', 'E1')) {
        revokeDuring = false;
        await installations.revoke('T1');
      }
      return read(key);
    }) as typeof store.get;
    await expect(viaOrg('T1')).rejects.toBeInstanceOf(NotServed);
    expect(await store.get(keys.slackEnterpriseOf('T1'))).toBeUndefined();
    store.get = read;

    // Revoked again, and granted just as the event undoes its link: the grant's link stays, and the event is served.
    await installations.revoke('T2');
    clock.advance(REVOKED_WINDOW_MS);
    await installations.revoke('T2');
    clock.advance(REVOKED_WINDOW_MS);
    const remove = store.delete.bind(store);
    // The event finds the window closed, then a revoke runs while it reads the installation, and a grant just as the
    // event undoes its link.
    let step: 'revoke' | 'grant' | 'done' = 'revoke';
    store.get = (async (key: string) => {
      if (step === 'revoke' && key === keys.slackInstallation('enterprise', 'E1')) {
        step = 'done';
        await installations.revoke('T2');
        step = 'grant';
      }
      return read(key);
    }) as typeof store.get;
    store.delete = (async (key: string) => {
      if (step === 'grant' && key === keys.slackEnterpriseOf('T2')) {
        step = 'done';
        await installations.grant('T2', 'E1');
      }
      return remove(key);
    }) as typeof store.delete;
    expect((await viaOrg('T2')).bot?.token).toBe('xoxb-org');
    expect(await store.get(keys.slackEnterpriseOf('T2'))).toBe('E1');
    [store.get, store.delete] = [read, remove];

    // The organisation uninstalls; an event of one of its workspaces arrives after that: refused, nothing linked.
    await installations.uninstall({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true });
    await expect(viaOrg('T3')).rejects.toBeInstanceOf(NotServed);
    expect(await store.get(keys.slackEnterpriseOf('T3'))).toBeUndefined();
  });

  it('refreshes a rotating token before it expires, once for several processes at once; none waits while its token is good', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
    let refreshes = 0;
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { open, claims } = setUp(clock, async (refreshToken) => {
      refreshes += 1;
      expect(refreshToken).toBe('xoxe-1-first');
      await slow;
      return { accessToken: 'xoxe.xoxb-second', refreshToken: 'xoxe-1-second', expiresInSeconds: 12 * 3600 };
    });
    const [first, second] = [open(), open()];
    const nowSeconds = Math.floor(clock.now() / 1000);
    await first.storeInstallation(installation('T1', 'xoxe.xoxb-first', 'xoxe-1-first', nowSeconds + 12 * 3600));
    // Ten hours in, more than two hours left: no refresh.
    clock.advance(9 * 3600 * 1000);
    expect((await second.fetchInstallation(query('T1'))).bot?.token).toBe('xoxe.xoxb-first');
    // Within two hours of expiry: both processes ask at once; one refreshes, the other does not wait for it (an
    // event must be acknowledged within 3 seconds): it uses the token in hand, which has an hour left.
    clock.advance(2 * 3600 * 1000);
    const refreshing = first.fetchInstallation(query('T1'));
    await vi.waitFor(() => expect(refreshes).toBe(1));
    expect((await second.fetchInstallation(query('T1'))).bot?.token).toBe('xoxe.xoxb-first');
    expect(claims.filter((k) => k === keys.slackTokenRefresh('team', 'T1')).length).toBeGreaterThanOrEqual(2);
    release();
    expect((await refreshing).bot?.token).toBe('xoxe.xoxb-second');
    expect((await second.fetchInstallation(query('T1'))).bot?.token).toBe('xoxe.xoxb-second');
    expect(refreshes).toBe(1);
    // What Bolt sees carries no refresh token (its own refresh would race between processes).
    expect((await refreshing).bot?.refreshToken).toBeUndefined();
  });

  it('a refresh token Slack refuses for good is not offered again; once the token expires, posts need a new install', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
    let refreshes = 0;
    let answer: () => Promise<RefreshedToken> = () => Promise.reject(slackError('invalid_refresh_token'));
    const { open } = setUp(clock, () => {
      refreshes += 1;
      return answer();
    });
    const installations = open();
    const nowSeconds = Math.floor(clock.now() / 1000);
    await installations.storeInstallation(installation('T1', 'xoxe.xoxb-first', 'xoxe-1-dead', nowSeconds + 12 * 3600));
    clock.advance(11 * 3600 * 1000);
    // Within two hours of expiry: refused for good. The token in hand still works until it expires.
    expect((await installations.fetchInstallation(query('T1'))).bot?.token).toBe('xoxe.xoxb-first');
    expect(refreshes).toBe(1);
    expect(await installations.renewalRefused('T1')).toBeUndefined();
    for (let minute = 0; minute < 240; minute += 15) {
      clock.advance(15 * 60_000);
      await installations.fetchInstallation(query('T1'));
    }
    expect(refreshes).toBe(1);
    expect(await installations.renewalRefused('T1')).toBe('invalid_refresh_token');
    // A temporary failure is tried again at the next use; installing again starts afresh.
    answer = () => Promise.reject(slackError('internal_error'));
    await installations.storeInstallation(installation('T1', 'xoxe.xoxb-new', 'xoxe-1-new', Math.floor(clock.now() / 1000) + 3600));
    expect(await installations.renewalRefused('T1')).toBeUndefined();
    clock.advance(31 * 60_000); // within half the new hour-long token's life of its expiry
    await installations.fetchInstallation(query('T1'));
    await installations.fetchInstallation(query('T1'));
    expect(refreshes).toBe(3);
    expect(await installations.renewalRefused('T1')).toBeUndefined();
  });

  it('the sweep refreshes every installation due, past one that does not open', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
    const { open, store } = setUp(clock, async (refreshToken) => ({
      accessToken: `xoxe.xoxb-after-${refreshToken}`,
      refreshToken: `${refreshToken}-next`,
      expiresInSeconds: 12 * 3600,
    }));
    const installations = open();
    const nowSeconds = Math.floor(clock.now() / 1000);
    for (const team of ['T1', 'T2', 'T3'])
      await installations.storeInstallation(installation(team, `xoxe.xoxb-${team}`, `r-${team}`, nowSeconds + 3600));
    // T1's installation was sealed under a key this process does not have (or damaged).
    await store.updateDoc<{ sealed: string }>(keys.slackInstallation('team', 'T1'), (doc) => doc && { ...doc, sealed: 'not-a-sealed-box' });
    clock.advance(40 * 60_000);
    const failed: string[] = [];
    await installations.refreshDue((key) => failed.push(key));
    expect(failed).toEqual([keys.slackInstallation('team', 'T1')]);
    for (const team of ['T2', 'T3'])
      expect((await installations.fetchInstallation(query(team))).bot?.token).toBe(`xoxe.xoxb-after-r-${team}`);
  });

  /** A workspace installed again while oauth.v2.access is refreshing its old token, which `answer` ends. */
  const reinstalledDuringRefresh = async (answer: () => Promise<RefreshedToken>) => {
    const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
    let installAgain!: () => Promise<void>;
    const { open } = setUp(clock, async () => {
      await installAgain();
      return answer();
    });
    const installations = open();
    const nowSeconds = Math.floor(clock.now() / 1000);
    installAgain = () => installations.storeInstallation(installation('T1', 'xoxe.xoxb-new', 'xoxe-1-new', nowSeconds + 12 * 3600));
    await installations.storeInstallation(installation('T1', 'xoxe.xoxb-old', 'xoxe-1-old', nowSeconds + 3600));
    clock.advance(59 * 60_000);
    await installations.fetchInstallation(query('T1'));
    return { clock, installations };
  };

  it('a refresh that ends after the workspace installed again leaves the new installation in place', async () => {
    const { installations } = await reinstalledDuringRefresh(async () => ({
      accessToken: 'xoxe.xoxb-refreshed-old',
      refreshToken: 'xoxe-1-refreshed-old',
      expiresInSeconds: 12 * 3600,
    }));
    expect((await installations.fetchInstallation(query('T1'))).bot?.token).toBe('xoxe.xoxb-new');
  });

  it('a refusal that arrives after the workspace installed again does not mark the new installation', async () => {
    const { clock, installations } = await reinstalledDuringRefresh(() => Promise.reject(slackError('invalid_refresh_token')));
    clock.advance(2 * 60_000); // the old token's expiry has passed; the new one's has not
    expect(await installations.renewalRefused('T1')).toBeUndefined();
    expect((await installations.fetchInstallation(query('T1'))).bot?.token).toBe('xoxe.xoxb-new');
  });
});

describe('OAuth states in the store', () => {
  it('accepts a state once, within 10 minutes, and only one this app signed', async () => {
    const clock = new FakeClock(Date.parse('2026-03-02T12:00:00Z'));
    const store = new SyncStore(new MemoryPrimitives(), clock);
    const states = new StoredStateStore(store, 'a-state-secret-for-tests');
    const options = { scopes: ['commands'] };
    const state = await states.generateStateParam(options);
    // Another process (another StoredStateStore on the same store) finishes the install.
    expect(await new StoredStateStore(store, 'a-state-secret-for-tests').verifyStateParam(new Date(), state)).toEqual(options);
    await expect(states.verifyStateParam(new Date(), state)).rejects.toMatchObject({ code: 'slack_oauth_invalid_state' });

    const late = await states.generateStateParam(options);
    clock.advance(STATE_TTL_MS + 1);
    await expect(states.verifyStateParam(new Date(), late)).rejects.toThrow(/expired/);

    const genuine = await states.generateStateParam(options);
    const [nonce] = genuine.split('.');
    await expect(new StoredStateStore(store, 'another-secret-entirely').verifyStateParam(new Date(), genuine)).rejects.toThrow(
      /not issued/,
    );
    await expect(states.verifyStateParam(new Date(), `${nonce}.forged`)).rejects.toThrow(/not issued/);
    await expect(states.verifyStateParam(new Date(), 'no-dot')).rejects.toThrow(/not issued/);
    expect(await states.verifyStateParam(new Date(), genuine)).toEqual(options);
  });
});
