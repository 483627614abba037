import { ConfigError } from '../../src/config.js';

/** What a configuration step refused, problem by problem ([] when it was accepted); any other error is thrown. */
export function configProblems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
