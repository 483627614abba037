import { describe, expect, it } from 'vitest';
import { PlatformStartError } from '../../../src/adapters/platform-start.js';
import { StoredInstallations } from '../../../src/adapters/slack/oauth/installations.js';
import { checkTokenKey } from '../../../src/adapters/slack/oauth/key-check.js';
import { TokenBox } from '../../../src/adapters/slack/oauth/token-box.js';
import { keys } from '../../../src/core/shared/keys.js';
import { MemoryPrimitives } from '../../../src/store/memory.js';
import { SyncStore } from '../../../src/store/sync-store.js';
import { MemoryLogger } from '../../fakes/logger.js';

const SAVED_WITH = Buffer.alloc(32, 1);
const ANOTHER = Buffer.alloc(32, 2);

function installation(teamId: string) {
  return {
    team: { id: teamId, name: teamId },
    enterprise: undefined,
    user: { id: 'U1', token: undefined, scopes: undefined },
    bot: { id: 'B1', userId: 'UB1', scopes: ['commands'], token: `xoxb-${teamId}` },
    isEnterpriseInstall: false,
    authVersion: 'v2' as const,
  };
}

async function storeWith(teams: string[]) {
  const store = new SyncStore(new MemoryPrimitives());
  const refresh = async () => {
    throw new Error('no refresh here');
  };
  const installations = new StoredInstallations({ store, box: new TokenBox(SAVED_WITH), refresh, log: new MemoryLogger() });
  for (const team of teams) await installations.storeInstallation(installation(team));
  return store;
}

describe('SLACK_TOKEN_KEY at start-up (a distributed app)', () => {
  it('the key the installations were saved with starts; another key is refused, naming the variable', async () => {
    const store = await storeWith(['T1', 'T2', 'T3']);
    const log = new MemoryLogger();
    await expect(checkTokenKey(store, SAVED_WITH, log)).resolves.toBeUndefined();
    const refused = await checkTokenKey(store, ANOTHER, log).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlatformStartError);
    expect((refused as Error).message).toMatch(
      /^SLACK_TOKEN_KEY: it does not open the Slack installations stored \(3 tried, none opened\)/,
    );
    expect(log.lines).toEqual([]);
    // Nothing stored is touched: the right key opens them all again.
    await expect(checkTokenKey(store, SAVED_WITH, log)).resolves.toBeUndefined();
  });

  it('no installation yet starts with any key; one damaged installation among good ones is logged, not a refusal', async () => {
    await expect(checkTokenKey(await storeWith([]), ANOTHER, new MemoryLogger())).resolves.toBeUndefined();
    const store = await storeWith(['T1', 'T2']);
    const key = keys.slackInstallation('team', 'T2');
    await store.set(key, { ...(await store.get<object>(key)), sealed: new TokenBox(ANOTHER).seal('{}', key) });
    const log = new MemoryLogger();
    await expect(checkTokenKey(store, SAVED_WITH, log)).resolves.toBeUndefined();
    expect(log.lines).toMatchObject([{ level: 'error', obj: { keys: [key] } }]);
  });
});
