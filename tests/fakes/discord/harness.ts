import { DiscordAdapter } from '../../../src/adapters/discord/adapter.js';
import { MessengerRouter } from '../../../src/adapters/router.js';
import type { DailyRecord } from '../../../src/core/daily/daily-model.js';
import type { Store } from '../../../src/core/ports/store.js';
import type { PracticeSession } from '../../../src/core/practice/practice-model.js';
import { keys } from '../../../src/core/shared/keys.js';
import type { TeamRef } from '../../../src/core/shared/refs.js';
import { createRig, type TestRig } from '../engine.js';
import { FakeDiscord, type FakeUser, MANAGE_GUILD, snowflake } from './server.js';

/** A real DiscordAdapter (real discord.js) on an engine with the memory store, talking to a fake Discord. */
export interface DiscordRig extends TestRig {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  guild: { id: string; channels: string[]; roles: string[] };
  team: TeamRef;
  user(name: string, opts?: { admin?: boolean; roles?: string[] }): FakeUser;
  stop(): Promise<void>;
  practiceOrder(user: FakeUser): Promise<number[]>;
  /** The open daily of a daily channel (default: the team's first). */
  open(channelId?: string): Promise<DailyRecord>;
}

export async function startDiscordRig(
  opts: {
    liveCountsMs?: number;
    guildId?: boolean;
    globalRequestsPerSecond?: number;
    pack?: 'mini' | 'deep-learning';
    store?: Store;
    packsDir?: string;
    ownPack?: string;
  } = {},
): Promise<DiscordRig> {
  const fake = await new FakeDiscord().start();
  const guild = fake.addGuild();
  const router = new MessengerRouter();
  const rig = createRig({
    messenger: router,
    liveCountsMs: { discord: opts.liveCountsMs ?? 20 },
    pack: opts.pack,
    store: opts.store,
    packsDir: opts.packsDir,
    ownPack: opts.ownPack,
  });
  const adapter = new DiscordAdapter(
    {
      token: 'fake-bot-token',
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      guildId: opts.guildId ? guild.id : undefined,
      globalRequestsPerSecond: opts.globalRequestsPerSecond,
    },
    { log: rig.log, store: rig.store },
  );
  router.register('discord', adapter);
  await adapter.start(rig.dispatcher);
  const team: TeamRef = { platform: 'discord', teamId: guild.id };
  return {
    ...rig,
    fake,
    adapter,
    guild,
    team,
    user: (name, o = {}) => ({ id: snowflake(), username: name, permissions: o.admin ? MANAGE_GUILD : '0', roles: o.roles ?? [] }),
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
    async practiceOrder(user) {
      // The test knows which letter is right only by looking the stored order up, as the engine does.
      const session = (await rig.store.get<PracticeSession>(keys.practice(team, user.id)))!;
      return session.items[session.index]!.order;
    },
    async open(channelId) {
      const channel = channelId ?? (await rig.engine.channels.active(team))[0]!.channelId;
      const state = await rig.engine.channels.state(team, channel);
      return (await rig.engine.dailies.get(team, state.open!.dailyId))!;
    },
  };
}
