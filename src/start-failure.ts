import { PlatformStartError } from './adapters/platform-start.js';
import { StartRefused } from './app/ownership.js';
import { BankError } from './bank/load.js';
import { ConfigError } from './config.js';
import { LayoutTooNew } from './core/upgrades/layout.js';
import { StoreOpenError } from './store/open-error.js';

/**
 * What `npm start` prints when start-up fails. The operator's mistakes (a variable, a pack file, a store that
 * cannot be opened, a process already serving) are their message alone, naming what to fix; anything else is a
 * bug and keeps its stack, for the report.
 */
export function startFailure(error: unknown): string {
  if (isOperatorMistake(error)) return `backprop: ${error.message}\n`;
  // Found once the store is open, in what it holds: the store STORE_URL names is the one to look at.
  if (error instanceof LayoutTooNew) return `backprop: STORE_URL: ${error.message}\n`;
  return `backprop: failed to start: ${bugReport(error)}\n`;
}

/** The operator's mistakes at start-up and in the npm-run commands alike: a message that names what to fix. */
export function isOperatorMistake(error: unknown): error is Error {
  return [ConfigError, BankError, StartRefused, StoreOpenError, PlatformStartError].some((kind) => error instanceof kind);
}

/** A bug, for its report: the stack. */
export const bugReport = (error: unknown) => (error instanceof Error ? (error.stack ?? error.message) : String(error));
