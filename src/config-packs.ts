import { loadBank, PacksDirError } from './bank/load.js';
import { forgetParsed, loadParsed } from './bank/parsed-cache.js';
import { ConfigError } from './config.js';
import { type Bank, packIdsOf } from './core/bank/bank.js';

/**
 * The question bank in PACKS_DIR, checked against DEFAULT_PACK: the checks of the configuration that need the
 * packs themselves, so they run once the bank is loaded. A directory that cannot be used, or a default pack it
 * does not hold, is a ConfigError naming its variable: without the check, a new team's daily drew from nothing
 * ("no questions"), its setup saved the missing pack and posting a daily failed as a bug. A pack file with a
 * mistake stays a BankError, which names the file.
 */
export function loadConfiguredBank(config: { packsDir: string; defaults: { pack: string } }, parsedFile?: string): Bank {
  let bank: Bank;
  try {
    // What the build parsed of the built-in bank (bank/parsed-cache.ts), used for this load only.
    if (parsedFile) loadParsed(parsedFile);
    bank = loadBank(config.packsDir);
  } catch (error) {
    throw error instanceof PacksDirError ? new ConfigError([`PACKS_DIR: ${error.message}`]) : error;
  } finally {
    forgetParsed();
  }
  const missing = packIdsOf(config.defaults.pack).filter((id) => !bank.pack(id));
  if (missing.length > 0) {
    const which = missing.map((id) => JSON.stringify(id)).join(', ');
    throw new ConfigError([
      `DEFAULT_PACK: ${which} ${missing.length === 1 ? 'is not a pack' : 'are not packs'} in ${config.packsDir} (${bank.packIds().join(', ')})`,
    ]);
  }
  return bank;
}
