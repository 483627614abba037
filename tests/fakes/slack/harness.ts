import { MessengerRouter } from '../../../src/adapters/router.js';
import { SlackAdapter } from '../../../src/adapters/slack/adapter.js';
import type { Store } from '../../../src/core/ports/store.js';
import type { TeamRef } from '../../../src/core/shared/refs.js';
import { createRig, type TestRig } from '../engine.js';
import { FakeSlack } from './server.js';

export type SlackMode = 'socket' | 'http';

/** A real SlackAdapter (real Bolt) on an engine with the memory store, talking to a fake Slack. */
export interface SlackRig extends TestRig {
  fake: FakeSlack;
  adapter: SlackAdapter;
  mode: SlackMode;
  team: TeamRef;
  stop(): Promise<void>;
}

export async function startSlackRig(
  mode: SlackMode,
  opts: { liveCountsMs?: number; pack?: 'mini' | 'deep-learning'; store?: Store; packsDir?: string; ownPack?: string } = {},
): Promise<SlackRig> {
  const fake = await new FakeSlack().start();
  const router = new MessengerRouter();
  const rig = createRig({
    messenger: router,
    liveCountsMs: { slack: opts.liveCountsMs ?? 20 },
    pack: opts.pack,
    store: opts.store,
    packsDir: opts.packsDir,
    ownPack: opts.ownPack,
  });
  const adapter = new SlackAdapter(
    {
      botToken: fake.botToken,
      appToken: mode === 'socket' ? 'xapp-fake-app-token' : undefined,
      signingSecret: fake.signingSecret,
      port: 0,
      host: '127.0.0.1',
      apiUrl: fake.apiUrl,
    },
    rig.log,
  );
  router.register('slack', adapter);
  await adapter.start(rig.dispatcher);
  if (mode === 'http') fake.appUrl = adapter.httpUrl;
  else await fake.waitFor(() => fake.connections === 1, 'the Socket Mode connection');
  return {
    ...rig,
    fake,
    adapter,
    mode,
    team: { platform: 'slack', teamId: fake.teamId },
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
  };
}
