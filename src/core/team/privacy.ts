import type { Suggestions } from '../bank/suggestions.js';
import type { TeamPacks } from '../bank/team-packs.js';
import { remindersRecord } from '../practice/reminders.js';
import { roundRecord } from '../rounds/round-results.js';
import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord } from '../shared/errors.js';
import { keys, memberPrefix } from '../shared/keys.js';
import { reportCorrupt, updateRecord } from '../shared/records.js';
import type { MemberRef } from '../shared/refs.js';
import { memberRecord } from '../standings/member-model.js';
import { newMember } from '../standings/scoring.js';
import type { Confirmations } from './confirmations.js';
import { takeBackCounts } from './forget-counts.js';
import { reportsRecord } from './reports.js';
import type { TeamConfig } from './team-model.js';
import type { Teams } from './teams.js';

/**
 * Off or back onto the leaderboards. The flag is set first (atomically with answers), so later points go to the
 * hidden boards; then every board entry moves across. Streak and stats stay the member's either way.
 */
export async function setHidden(deps: EngineDeps, member: MemberRef, hidden: boolean): Promise<void> {
  // A member who has not answered yet gets a record now, hidden: their first points must go out of sight too.
  await updateRecord(deps.store, memberRecord, keys.member(member, member.userId), (r) =>
    r ? { ...r, hidden } : hidden ? { ...newMember(member.userId, member.displayName, deps.clock.now()), hidden } : undefined,
  );
  const [from, to] = hidden
    ? [keys.boardPrefix(member), keys.hiddenBoardPrefix(member)]
    : [keys.hiddenBoardPrefix(member), keys.boardPrefix(member)];
  await deps.store.moveBoardMember(member.userId, from, to);
}

/**
 * Deletes everything Backprop holds about a member in a team: record, answers and answer log, practice quiz,
 * leaderboard entries (shown and hidden), reports they wrote, and their place on the team's admin list; and takes
 * back what their answers added to counts they could add to again (see takeBackCounts).
 */
export async function forgetMember(deps: EngineDeps, teams: Teams, member: MemberRef, token: string): Promise<void> {
  const { userId } = member;
  const config = await teams.config(member);
  await takeBackCounts(deps, member, config.timezone, token);
  await deps.store.moveBoardMember(userId, keys.boardPrefix(member));
  await deps.store.moveBoardMember(userId, keys.hiddenBoardPrefix(member));
  // Team documents that cannot be read keep their mention of the member (they are left as they are); the
  // member's own records below go regardless.
  await skipCorrupt(deps, () =>
    updateRecord(deps.store, reportsRecord, keys.reports(member), (doc) =>
      doc?.open.some((r) => r.memberId === userId) ? { ...doc, open: doc.open.filter((r) => r.memberId !== userId) } : undefined,
    ),
  );
  await skipCorrupt(deps, () =>
    updateRecord(deps.store, remindersRecord, keys.reminders(member), (doc) =>
      doc?.members.includes(userId) ? { ...doc, members: doc.members.filter((m) => m !== userId) } : undefined,
    ),
  );
  await forgetInRounds(deps, member);
  if (config.admins.includes(userId)) {
    await teams.update(member, (c): TeamConfig => ({ ...c, admins: c.admins.filter((a) => a !== userId) }));
  }
  await deps.store.deletePrefix(memberPrefix(member, userId));
}

/** A member's privacy: off or back onto the leaderboards, and forget-me once confirmed. */
export class Privacy {
  constructor(
    private readonly deps: EngineDeps,
    private readonly teams: Teams,
    private readonly confirmations: Confirmations,
    private readonly packs: TeamPacks,
    private readonly suggestions: Suggestions,
  ) {}

  setHidden(member: MemberRef, hidden: boolean): Promise<void> {
    return setHidden(this.deps, member, hidden);
  }

  /** quiz forget-me, once the member confirmed with the token of their request. */
  async forget(member: MemberRef, token: string): Promise<void> {
    await this.confirmations.check(member, 'forget', token);
    await forgetMember(this.deps, this.teams, member, token);
    // What they gave the team: their waiting suggestions go, and their name comes off the packs they uploaded.
    await this.suggestions.forgetMember(member, member.userId);
    await skipCorrupt(this.deps, () => this.packs.forgetMember(member, member.userId));
  }
}

/** Rounds keep each player's answers and name in their record: a forgotten member's go from every round. */
async function forgetInRounds(deps: EngineDeps, member: MemberRef): Promise<void> {
  const id = member.userId;
  for (const key of await deps.store.docKeys(keys.roundPrefix(member))) {
    await skipCorrupt(deps, () =>
      updateRecord(deps.store, roundRecord, key, (r) =>
        r && (r.startedBy === id || r.results.some((answers) => answers.some((a) => a.memberId === id)))
          ? {
              ...r,
              startedBy: r.startedBy === id ? '' : r.startedBy,
              results: r.results.map((answers) => answers.filter((a) => a.memberId !== id)),
            }
          : undefined,
      ),
    );
  }
}

async function skipCorrupt(deps: EngineDeps, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof CorruptRecord)) throw error;
    reportCorrupt(deps.log, error);
  }
}
