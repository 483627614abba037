import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // As `npm start` does: the discord.js cache limits are deliberate (src/adapters/discord/cache.ts).
    execArgv: ['--disable-warning=UnsupportedCacheOverwriteWarning'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
