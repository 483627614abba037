import { REST } from 'discord.js';
import { syncCommands } from '../adapters/discord/sync-commands.js';
import { startingDiscord } from '../adapters/platform-start.js';
import { loadConfig } from '../config.js';
import { openStore } from '../store/open.js';
import { CommandError, runCommand } from './command.js';

/**
 * npm run deploy-commands: registers /quiz and /quiz-admin with Discord now, whether or not they changed:
 * in DISCORD_GUILD_ID's server when it is set (instant, for development), globally otherwise.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.discord) throw new CommandError('DISCORD_TOKEN: set it (and DISCORD_APPLICATION_ID) to register the Discord commands');
  const { token, applicationId, guildId, apiUrl } = config.discord;
  const store = await openStore(config.storeUrl, { waiting: (message) => console.error(`deploy-commands: ${message}`) });
  try {
    const rest = new REST({ api: apiUrl }).setToken(token);
    await startingDiscord(apiUrl, () => syncCommands({ rest, applicationId, guildId, store }, { force: true }));
    process.stdout.write(
      `Registered /quiz and /quiz-admin ${guildId ? `in server ${guildId}` : 'globally (may take up to an hour to appear everywhere)'}.\n`,
    );
  } finally {
    await store.close();
  }
}

runCommand('deploy-commands', main);
