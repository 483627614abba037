import { describe } from 'vitest';
import { answerStepContract } from './answer-step.js';
import { answersContract } from './answers.js';
import { boardsContract } from './boards.js';
import { claimsContract } from './claims.js';
import { concurrencyContract } from './concurrency.js';
import { documentsContract } from './documents.js';
import type { ContractTarget } from './harness.js';
import { maintenanceContract } from './maintenance.js';

export type { ContractTarget } from './harness.js';

/** The store contract: every backend of the Store port passes the same suite, one part per role. */
export function storeContract(name: string, target: ContractTarget): void {
  describe(`store contract: ${name}`, () => {
    documentsContract(target);
    claimsContract(target);
    answersContract(target);
    answerStepContract(target);
    concurrencyContract(target);
    boardsContract(target);
    maintenanceContract(target);
  });
}
