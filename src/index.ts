import { fileURLToPath } from 'node:url';
import { MessengerRouter } from './adapters/router.js';
import { ShellAdapter } from './adapters/shell/shell.js';
import type { ChatAdapter } from './adapters/types.js';
import { Dispatcher } from './app/dispatcher.js';
import { Health } from './app/health.js';
import { Ownership } from './app/ownership.js';
import { PARSED_PACKS_FILE } from './bank/preparse.js';
import { type Config, loadConfig } from './config.js';
import { loadConfiguredBank } from './config-packs.js';
import { Engine } from './core/engine.js';
import { systemClock, systemTimers } from './core/ports/clock.js';
import type { Platform, TeamRef } from './core/shared/refs.js';
import { upgradeLayout } from './core/upgrades/layout.js';
import { Lifecycle } from './lifecycle.js';
import { createLogger, type Logger } from './logger.js';
import { BackpropMetrics } from './ops/metrics.js';
import { Operations } from './ops/operations.js';
import { countingStoreFailures } from './ops/store-metrics.js';
import { Pictures } from './pictures/pictures.js';
import { DailyScheduler } from './scheduler/scheduler.js';
import { startFailure } from './start-failure.js';
import { openStore } from './store/open.js';

/**
 * The composition root: config → logger → store → engine → adapters → scheduler, and a graceful shutdown.
 * Nothing else wires parts together.
 *
 * One process serves every configured platform, or, with DISCORD_SHARDS, this process becomes the shard
 * manager: it starts one process per Discord shard (each runs Discord for its guilds and schedules only those)
 * and itself runs Slack, if configured, and nothing else. Each team is owned by exactly one process.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const role = roleOf(config);
  // In the shell, stdout is the conversation: logs go to stderr and only warnings show unless LOG_LEVEL says otherwise.
  const log = createLogger({ level: config.logLevel ?? (role === 'shell' ? 'warn' : 'info'), fd: role === 'shell' ? 2 : 1 });
  guardProcess(log);
  // Signals are handled from here on: one during start-up stops what has started so far, cleanly.
  const life = new Lifecycle(log);
  process.once('SIGINT', () => void life.stop('SIGINT'));
  process.once('SIGTERM', () => void life.stop('SIGTERM'));
  // With what `npm run build` parsed of the built-in bank: about 2 s less at each start.
  const bank = loadConfiguredBank(config, fileURLToPath(new URL(PARSED_PACKS_FILE, import.meta.url)));
  const opened = await openStore(config.storeUrl, { waiting: (message) => log.warn(message) });
  life.started('store', () => opened.close());
  // /metrics: events, answer times, store failures, the schedule (src/ops/); a store failure counted at the store.
  const metrics = new BackpropMetrics(opened.kind);
  const store = countingStoreFailures(opened, (operation, reason) => metrics.storeFailed(operation, reason));
  // A store written by an older Backprop is brought to today's layout before anything reads it.
  await upgradeLayout(store, log);
  log.info({ store: store.kind, packs: bank.packIds(), role }, 'store opened, question bank loaded');

  const shard = config.discord?.shard;
  const instanceId = shard ? `${config.instanceId}-shard${shard.ids.join('-')}` : config.instanceId;
  // Only one process may use an SQLite file, or one INSTANCE_ID on a shared store: a second one stops here.
  const ownership = await Ownership.claim(store, { instanceId, shardChild: role === 'shard', clock: systemClock, log });
  life.started('leases', () => ownership.stop());
  const messenger = new MessengerRouter();
  const engine = new Engine({
    store,
    bank,
    clock: systemClock,
    timers: systemTimers,
    random: Math.random,
    messenger,
    log,
    defaults: config.defaults,
    instanceId,
    liveCountsMs: { discord: LIVE_COUNTS_MS, slack: LIVE_COUNTS_MS },
  });
  // What /readyz reports: the store probed every 15 s, each platform's connection, the process's phase.
  const health = new Health(log);
  health.watch(store);
  life.started('store probe', async () => health.stop());
  const dispatcher = new Dispatcher(engine, log, health, metrics);
  const ops = new Operations(metrics, health, log);
  // METRICS_PORT's own server; in Slack HTTP mode Bolt's server also answers /healthz and /readyz (and /metrics when
  // METRICS_PORT is unset). A shard process serves none: its manager asks it over IPC.
  const slackHttp = config.slack !== undefined && !config.slack.appToken && role !== 'shard';
  if (role === 'shard') ops.answerManager();
  else if (config.metrics) life.started('metrics server', await ops.listen(config.metrics));
  // One picture worker for every platform of this process, started when the first picture is drawn (about
  // 40 MB that a process which never draws one does not pay; the first picture waits about a second).
  const pictures = new Pictures();
  life.started('picture worker', () => pictures.stop());

  const sharding = config.discord?.shards !== undefined || shard ? await import('./adapters/discord/sharding.js') : undefined;
  // Each team is scheduled by the one process that serves it: on a shared store, the holder of its platform's
  // role (a standby takes over when the holder stops); with shards, only for its shards' guilds.
  const discordRole = `discord:${shard ? `${shard.ids.join(',')}/${shard.count}` : 'all'}`;
  const roleOfTeam = (team: TeamRef) => (team.platform === 'discord' ? discordRole : team.platform);
  const platforms = new Set<Platform>();
  const owns = (team: TeamRef) =>
    platforms.has(team.platform) &&
    ownership.holds(roleOfTeam(team)) &&
    (!shard || !sharding || team.platform !== 'discord' || shard.ids.includes(sharding.shardOf(team.teamId, shard.count)));
  const scheduler = new DailyScheduler({ engine, store, clock: systemClock, log, owns, instanceId, metrics });
  metrics.observe({ schedule: () => scheduler.stats(), roundsRunning: () => engine.rounds.running });

  let shell: ShellAdapter | undefined;
  if (config.discord && role !== 'manager') {
    const { DiscordAdapter } = await import('./adapters/discord/adapter.js');
    const discord = config.discord;
    let adapter: ChatAdapter | undefined;
    platforms.add('discord');
    // A Discord shard is served by one process at a time: two would both answer every interaction.
    await ownership.serve(discordRole, `Discord ${shard ? `shards ${shard.ids.join(',')} of ${shard.count}` : ''}`.trim(), {
      onGain: async () => {
        const created = new DiscordAdapter(discord, {
          log: log.child({ platform: 'discord' }),
          store,
          pictures,
        });
        (await import('./ops/discord-metrics.js')).watchDiscord(created.client, metrics);
        adapter = created;
        messenger.register('discord', adapter);
        await adapter.start(dispatcher);
        health.setPlatform('discord', true);
        await scheduler.rescanNow();
      },
      onLose: async () => {
        health.setPlatform('discord', false);
        await adapter?.stop();
      },
    });
    life.started('discord adapter', async () => adapter?.stop());
    if (!ownership.holds(discordRole)) health.setPlatform('discord', false);
  }
  if (config.slack && role !== 'shard') {
    const { SlackAdapter } = await import('./adapters/slack/adapter.js');
    const { oauth } = config.slack;
    if (oauth) await (await import('./adapters/slack/oauth/key-check.js')).checkTokenKey(store, oauth.tokenKey, log);
    const adapter = new SlackAdapter(config.slack, log.child({ platform: 'slack' }), {
      store,
      routes: slackHttp ? ops.routes({ metrics: !config.metrics }) : [],
      pictures,
    });
    messenger.register('slack', adapter);
    (await import('./ops/slack-metrics.js')).watchSlack(adapter, metrics);
    await adapter.start(dispatcher);
    life.started('slack adapter', () => adapter.stop());
    health.setPlatform('slack', true);
    platforms.add('slack');
    // Slack sends each event to one process, so every process serves them; the schedule has one owner.
    await ownership.serve('slack', 'the schedule of Slack teams', { onGain: () => scheduler.rescanNow(), onLose: async () => undefined });
  }
  if (role === 'shell') {
    shell = new ShellAdapter({
      input: process.stdin,
      output: process.stdout,
      user: config.shellUser,
      ansi: process.stdout.isTTY,
      pictures,
      picturesDir: config.picturesDir,
      log: log.child({ platform: 'shell' }),
    });
    messenger.register('shell', shell);
    await shell.start(dispatcher);
    life.started('shell adapter', () => shell!.stop());
    platforms.add('shell');
    // On a shared store, as for Slack: one process posts the terminal team's dailies, another stands by.
    await ownership.serve('shell', 'the schedule of the terminal team', {
      onGain: () => scheduler.rescanNow(),
      onLose: async () => undefined,
    });
  }
  // Pending answer-count edits go out while the platforms are still connected.
  life.started('answer-count edits', () => engine.dailies.flushCounts());
  if (life.stopRequested) return;

  await scheduler.start();
  life.started('scheduler', () => scheduler.stop());
  // Stopped first: new events are refused with "restarting, try again", those already taken are answered.
  life.started('incoming events', () => dispatcher.close());
  if (life.stopRequested) return;
  const shards =
    role === 'manager' && sharding && config.discord?.shards !== undefined
      ? await sharding.startShards(
          { ...config.discord, shards: config.discord.shards },
          fileURLToPath(import.meta.url),
          [...process.execArgv],
          log,
        )
      : undefined;
  if (shards && sharding) life.started('shards', () => sharding.stopShards(shards));
  if (shards) ops.gatherShards(shards);
  // Stopped first of all: from the first moment of a shutdown, the process says it is not ready.
  life.started('readiness', async () => health.setPhase('stopping'));
  health.setPhase('serving');
  log.info({ role, platforms: [...platforms], instance: instanceId, shards: shards?.totalShards }, 'ready');

  if (shell) {
    await shell.done;
    await life.stop('input ended');
  }
}

type Role = 'shell' | 'single' | 'manager' | 'shard';

function roleOf(config: Config): Role {
  if (config.discord?.shard) return 'shard';
  if (config.discord?.shards !== undefined) return 'manager';
  if (config.discord || config.slack) return 'single';
  return 'shell';
}

/** Edits of a daily's answer count: at most one per message per this many ms (well inside the platforms' limits). */
const LIVE_COUNTS_MS = 5000;

/**
 * The last line of defence: an event that a platform library cannot parse (a malformed gateway payload throws
 * inside discord.js, outside any handler of ours) is logged, and the bot keeps serving everyone else.
 */
function guardProcess(log: Logger): void {
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection (kept running)'));
  process.on('uncaughtException', (error) => log.error({ err: error }, 'uncaught exception (kept running)'));
}

main().catch((error: unknown) => {
  process.stderr.write(startFailure(error));
  process.exit(1);
});
