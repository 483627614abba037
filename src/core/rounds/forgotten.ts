import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { readRecord, reportCorrupt } from '../shared/records.js';
import type { TeamRef } from '../shared/refs.js';
import { type MemberRecord, memberRecord } from '../standings/member-model.js';
import type { RoundRecord } from './round-results.js';

/**
 * A round member's record: null when it is damaged (reported once), undefined when there is none. Every answer
 * made its member's record, so none means the member used forget-me since they answered.
 */
export async function roundMember(deps: EngineDeps, team: TeamRef, memberId: string): Promise<MemberRecord | null | undefined> {
  return readRecord(deps.store, memberRecord, keys.member(team, memberId)).catch((error: unknown) => {
    if (!(error instanceof CorruptRecord)) throw error;
    reportCorrupt(deps.log, error);
    return null;
  });
}

/** The round's results without the members who used forget-me since they answered: no award would make them again. */
export async function withoutForgotten(deps: EngineDeps, team: TeamRef, round: RoundRecord): Promise<RoundRecord> {
  const ids = [...new Set(round.results.flat().map((a) => a.memberId))];
  const records = await Promise.all(ids.map((id) => roundMember(deps, team, id)));
  const gone = new Set(ids.filter((_, i) => records[i] === undefined));
  return gone.size === 0 ? round : { ...round, results: round.results.map((r) => r.filter((a) => !gone.has(a.memberId))) };
}
