import { type REST, Routes } from 'discord.js';
import type { Store } from '../../core/ports/store.js';
import { commandsHash, discordCommands } from './commands.js';

export interface CommandSync {
  rest: REST;
  applicationId: string;
  /** Register in this server only (instant, for development); global otherwise. */
  guildId?: string;
  store: Store;
}

const hashKey = (applicationId: string, guildId?: string) => `bp:discord:app:commands:${applicationId}:${guildId ?? 'global'}`;

/**
 * Registers /quiz and /quiz-admin. With `force: false` (start-up) it does nothing when the definitions are the
 * ones registered last time: Discord limits command creation per day, so a restart must not re-register.
 */
export async function syncCommands(sync: CommandSync, { force }: { force: boolean }): Promise<'registered' | 'unchanged'> {
  const body = discordCommands();
  const hash = commandsHash(body);
  const key = hashKey(sync.applicationId, sync.guildId);
  if (!force && (await sync.store.get<{ hash: string }>(key))?.hash === hash) return 'unchanged';
  const route = sync.guildId
    ? Routes.applicationGuildCommands(sync.applicationId, sync.guildId)
    : Routes.applicationCommands(sync.applicationId);
  await sync.rest.put(route, { body });
  await sync.store.set(key, { hash, at: Date.now() });
  return 'registered';
}
