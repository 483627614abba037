import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { discordCommands } from '../../../src/adapters/discord/commands.js';
import { syncCommands } from '../../../src/adapters/discord/sync-commands.js';
import { COMMANDS } from '../../../src/commands/table.js';
import { MemoryPrimitives } from '../../../src/store/memory.js';
import { SyncStore } from '../../../src/store/sync-store.js';
import { FakeDiscord } from '../../fakes/discord/server.js';
import { cleanEnv, REPO_ROOT } from '../../fakes/shell-process.js';

const run = promisify(execFile);

describe('Discord command registration', () => {
  let fake: FakeDiscord;
  afterEach(async () => fake?.stop());

  it('is generated from the command table, every subcommand and option included', () => {
    const [quiz, admin] = discordCommands();
    type Sub = { type: number; name: string; options: (Sub & { name: string })[] };
    // Two-word commands ("pack upload") are subcommands of a subcommand group (type 2).
    const subs = ([...quiz!.options!, ...admin!.options!] as unknown as Sub[]).flatMap((s) =>
      s.type === 2 ? s.options.map((o) => ({ ...o, name: `${s.name} ${o.name}` })) : [s],
    );
    expect(subs.map((s) => s.name).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    for (const c of COMMANDS) {
      const sub = subs.find((s) => s.name === c.name)!;
      expect(sub.options.map((o) => o.name)).toEqual(c.options.map((o) => o.name));
    }
  });

  it('start-up registers only when the definitions changed; guild-scoped with a guild id', async () => {
    fake = await new FakeDiscord().start();
    const rest = new REST({ api: fake.apiUrl }).setToken('fake-token');
    const store = new SyncStore(new MemoryPrimitives());
    const sync = {
      rest,
      applicationId: fake.applicationId,
      guildId: '123456789012345678',
      store,
    };
    expect(await syncCommands(sync, { force: false })).toBe('registered');
    expect(await syncCommands(sync, { force: false })).toBe('unchanged');
    expect(fake.commandRegistrations).toHaveLength(1);
    expect(fake.commandRegistrations[0]!.path).toBe(`/applications/${fake.applicationId}/guilds/123456789012345678/commands`);
    // Definitions registered by an earlier version: registered again.
    await store.set(`bp:discord:app:commands:${fake.applicationId}:123456789012345678`, { hash: 'an earlier version', at: 0 });
    expect(await syncCommands(sync, { force: false })).toBe('registered');
    expect(await syncCommands({ ...sync, guildId: undefined }, { force: false })).toBe('registered');
    expect(fake.commandRegistrations.map((r) => r.path)).toEqual([
      `/applications/${fake.applicationId}/guilds/123456789012345678/commands`,
      `/applications/${fake.applicationId}/guilds/123456789012345678/commands`,
      `/applications/${fake.applicationId}/commands`,
    ]);
  });

  it('npm run deploy-commands registers now, in the configured server', async () => {
    fake = await new FakeDiscord().start();
    const dir = mkdtempSync(join(tmpdir(), 'bp-deploy-'));
    const env = cleanEnv({
      STORE_URL: `sqlite://${join(dir, 'b.sqlite')}`,
      DISCORD_TOKEN: 'fake-token',
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_GUILD_ID: '123456789012345678',
      DISCORD_API_URL: fake.apiUrl,
    });
    const { stdout } = await run('npm', ['run', '--silent', 'deploy-commands'], { cwd: REPO_ROOT, env });
    expect(stdout).toContain('Registered /quiz and /quiz-admin in server 123456789012345678');
    expect(fake.commandRegistrations).toHaveLength(1);
    expect((fake.commandRegistrations[0]!.body as { name: string }[]).map((c) => c.name)).toEqual(['quiz', 'quiz-admin']);
  });
});
