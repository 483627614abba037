import type { EngineDeps } from '../shared/context.js';
import { keys } from '../shared/keys.js';
import { parseRecord } from '../shared/records.js';
import type { TeamRef } from '../shared/refs.js';
import { localDate, PERIODS, periodKey } from '../shared/time.js';
import { channelScoring } from '../standings/channel-scoring.js';
import { memberRecord } from '../standings/member-model.js';
import { applyRoundAward, roundLeaderboardPoints } from '../standings/scoring.js';
import type { TeamConfig } from '../team/team-model.js';
import type { RoundRecord, Standing } from './round-results.js';

/**
 * Each player's round points ÷ 100 go to the leaderboards, once (an award record per member and round), within
 * the daily round cap; a round played in a daily channel counts on that channel's board too. Returns what each
 * player was awarded, the cap applied (an award made before, by an earlier attempt, as it was made).
 */
export async function awardRound(
  deps: EngineDeps,
  team: TeamRef,
  round: RoundRecord,
  standings: Standing[],
  config: TeamConfig,
  channelId: string | undefined,
): Promise<Map<string, number>> {
  const at = deps.clock.now();
  const awarded = new Map<string, number>();
  for (const s of standings) {
    const points = roundLeaderboardPoints(s.points);
    if (points <= 0) continue;
    const result = await deps.store.commitAnswer({
      answer: { key: keys.roundAward(team, s.memberId, round.id), value: { option: -1, correct: true, at } },
      member: {
        id: s.memberId,
        key: keys.member(team, s.memberId),
        apply: (previous) => {
          const record = parseRecord(memberRecord, keys.member(team, s.memberId), previous);
          const result = applyRoundAward(record, { memberId: s.memberId, name: s.name, points, at, today: localDate(at, config.timezone) });
          const board = result.next.hidden ? keys.hiddenBoard : keys.board;
          const boards = PERIODS.map((p) => board(team, periodKey(p, at, config.timezone)));
          if (channelId === undefined) return { ...result, boards };
          const contribution = { active: false, answered: 0, right: 0, points: result.points };
          const channel = channelScoring(team, channelId, record, result.next, at, config.timezone, contribution);
          return { ...result, boards: [...boards, ...channel.boards], counts: channel.counts };
        },
      },
    });
    if (result.status === 'recorded') awarded.set(s.memberId, result.points);
    if (result.status === 'duplicate') awarded.set(s.memberId, result.existing.points ?? 0);
  }
  return awarded;
}
