import type { TeamRef } from './refs.js';

/**
 * Every key the engine writes. All keys of a team start with teamPrefix(team), and all keys about one member
 * with memberPrefix(team, userId): purging a team or forgetting a member is a prefix scan, nothing else.
 */
const SAFE_ID = /^[A-Za-z0-9_.-]{1,64}$/;

function safe(kind: string, id: string): string {
  if (!SAFE_ID.test(id)) throw new Error(`invalid ${kind} id for a store key: ${JSON.stringify(id)}`);
  return id;
}

/**
 * Prefixes are built on every answer: each distinct one is checked and built once. Nested maps (platform, team,
 * member) rather than one map keyed by a joined string, so a lookup allocates nothing. Bounded: cleared past
 * 50,000 teams or 50,000 members of one team.
 */
const teamPrefixes = new Map<string, Map<string, string>>();
const memberPrefixes = new Map<string, Map<string, string>>();

function memo(outer: Map<string, Map<string, string>>, a: string, b: string, build: () => string): string {
  let inner = outer.get(a);
  if (!inner) {
    inner = new Map();
    outer.set(a, inner);
  }
  let value = inner.get(b);
  if (value === undefined) {
    if (inner.size > 50_000) inner.clear();
    value = build();
    inner.set(b, value);
  }
  return value;
}

export function teamPrefix(team: TeamRef): string {
  return memo(teamPrefixes, team.platform, team.teamId, () => `bp:${team.platform}:${safe('team', team.teamId)}:`);
}

export function memberPrefix(team: TeamRef, userId: string): string {
  const prefix = teamPrefix(team);
  if (memberPrefixes.size > 50_000) memberPrefixes.clear();
  return memo(memberPrefixes, prefix, userId, () => `${prefix}m:${safe('member', userId)}:`);
}

/** Teams that have had a daily channel, for the scheduler to find (one document each, listed by prefix). */
export const TEAM_INDEX_PREFIX = 'bp:index:team:';

/** Daily channels of every team, for the scheduler to plan (one document each, listed by prefix). */
export const DAILY_INDEX_PREFIX = 'bp:index:daily:';

/** Running rounds, for ending those whose process stopped (one document each, listed by prefix). */
export const ROUND_INDEX_PREFIX = 'bp:index:round:';

/**
 * Slack installations (a workspace's, or an Enterprise Grid organisation's), outside every team's prefix: purging
 * a team's quiz data must not uninstall the app from its workspace.
 */
export const SLACK_INSTALLATION_PREFIX = 'bp:slack-installation:';

export type SlackInstallScope = 'team' | 'enterprise';
/** Which organisation's org-wide installation serves each workspace (one document per workspace). */
export const SLACK_ENTERPRISE_OF_PREFIX = 'bp:slack-enterprise-of:';

export const keys = {
  slackInstallation: (scope: SlackInstallScope, id: string) => `${SLACK_INSTALLATION_PREFIX}${scope}:${safe(scope, id)}`,
  /** Held by the one process refreshing an installation's rotating token (Slack invalidates the old refresh token). */
  slackTokenRefresh: (scope: SlackInstallScope, id: string) => `bp:slack-token-refresh:${scope}:${safe(scope, id)}`,
  /** The organisation whose org-wide installation serves a workspace (granted to it, or learnt from its events). */
  slackEnterpriseOf: (teamId: string) => `${SLACK_ENTERPRISE_OF_PREFIX}${safe('team', teamId)}`,
  /** A workspace just taken out of an org-wide installation (team_access_revoked): a claim for a few minutes. */
  slackAccessRevoked: (teamId: string) => `bp:slack-access-revoked:${safe('team', teamId)}`,
  /** An OAuth state issued by /slack/install, until its redirect comes back (single use, 10 minutes). */
  slackOAuthState: (nonce: string) => `bp:slack-oauth-state:${safe('state', nonce)}`,
  slackOAuthStateUsed: (nonce: string) => `bp:slack-oauth-state-used:${safe('state', nonce)}`,
  roundIndex: (t: TeamRef, roundId: string) => `${ROUND_INDEX_PREFIX}${t.platform}:${safe('team', t.teamId)}:${safe('round', roundId)}`,
  teamIndex: (t: TeamRef) => `${TEAM_INDEX_PREFIX}${t.platform}:${safe('team', t.teamId)}`,
  dailyIndexPrefix: (t: TeamRef) => `${DAILY_INDEX_PREFIX}${t.platform}:${safe('team', t.teamId)}:`,
  dailyIndex: (t: TeamRef, channelId: string) =>
    `${DAILY_INDEX_PREFIX}${t.platform}:${safe('team', t.teamId)}:${safe('channel', channelId)}`,
  /** A running process's heartbeat: while it exists, the daily claims it holds are its to send. */
  instance: (instanceId: string) => `bp:instance:${safe('instance', instanceId)}`,
  /** Changed by a process that changed a daily channel it does not schedule (see scheduler/indexed.ts). */
  scheduleChanged: 'bp:schedule-changed',
  teamConfig: (t: TeamRef) => `${teamPrefix(t)}config`,
  /** Layout 2 only: the daily cycle's state when a team had one daily channel (the upgrade to layout 3 moves it). */
  legacyTeamState: (t: TeamRef) => `${teamPrefix(t)}state`,
  /** A daily channel's settings, and its daily cycle's state. */
  dailyChannel: (t: TeamRef, channelId: string) => `${teamPrefix(t)}daily-channel:${safe('channel', channelId)}`,
  dailyChannelPrefix: (t: TeamRef) => `${teamPrefix(t)}daily-channel:`,
  dailyState: (t: TeamRef, channelId: string) => `${teamPrefix(t)}daily-state:${safe('channel', channelId)}`,
  daily: (t: TeamRef, dailyId: string) => `${teamPrefix(t)}daily:${safe('daily', dailyId)}`,
  /** Claimed once per daily id: the first claim of a local date is that day's daily. */
  dailyClaim: (t: TeamRef, dailyId: string) => `${teamPrefix(t)}claim:daily:${safe('daily', dailyId)}`,
  /** Exists once a daily is closed: answers are refused atomically against it. */
  dailyClosed: (t: TeamRef, dailyId: string) => `${teamPrefix(t)}claim:closed:${safe('daily', dailyId)}`,
  /** A daily channel's weekly recap, claimed once per ISO week; recapSent records what became of it. */
  recapClaim: (t: TeamRef, channelId: string, week: string) => `${teamPrefix(t)}claim:recap:${safe('channel', channelId)}:${week}`,
  recapRecovery: (t: TeamRef, channelId: string, week: string) =>
    `${teamPrefix(t)}claim:recap-recover:${safe('channel', channelId)}:${week}`,
  recapSent: (t: TeamRef, channelId: string, week: string) => `${teamPrefix(t)}recap:${safe('channel', channelId)}:${week}`,
  dailyTally: (t: TeamRef, dailyId: string) => `${teamPrefix(t)}tally:${safe('daily', dailyId)}`,
  /** Another process takes over a claimed daily that was never sent only through this claim, so only one does. */
  dailyRecovery: (t: TeamRef, dailyId: string) => `${teamPrefix(t)}claim:recover:${safe('daily', dailyId)}`,
  board: (t: TeamRef, period: string) => `${teamPrefix(t)}board:${period}`,
  /** Where the points of members who hid from the leaderboards go, so that "show" can put them back. */
  hiddenBoard: (t: TeamRef, period: string) => `${teamPrefix(t)}hidden-board:${period}`,
  /** A channel's own board (its dailies and rounds), under the same prefixes so hiding moves it with the rest. */
  channelBoard: (t: TeamRef, channelId: string, period: string) => `${teamPrefix(t)}board:ch:${safe('channel', channelId)}:${period}`,
  hiddenChannelBoard: (t: TeamRef, channelId: string, period: string) =>
    `${teamPrefix(t)}hidden-board:ch:${safe('channel', channelId)}:${period}`,
  /** A channel's activity in a period (active members, answers, right answers, points), for the channels board. */
  channelTally: (t: TeamRef, channelId: string, period: string) => `${teamPrefix(t)}tally:ch:${safe('channel', channelId)}:${period}`,
  boardPrefix: (t: TeamRef) => `${teamPrefix(t)}board:`,
  hiddenBoardPrefix: (t: TeamRef) => `${teamPrefix(t)}hidden-board:`,
  /** A team's own question pack (uploaded, or its approved suggestions), one document each. */
  teamPack: (t: TeamRef, packId: string) => `${teamPrefix(t)}pack:${safe('pack', packId)}`,
  teamPackPrefix: (t: TeamRef) => `${teamPrefix(t)}pack:`,
  /** Changed after each change to the team's packs: a process rebuilds its copy of the team's bank only then. */
  teamPacksRevision: (t: TeamRef) => `${teamPrefix(t)}packs-revision`,
  /** A member's suggested question waiting for an admin. */
  suggestion: (t: TeamRef, id: string) => `${teamPrefix(t)}suggestion:${safe('suggestion', id)}`,
  suggestionPrefix: (t: TeamRef) => `${teamPrefix(t)}suggestion:`,
  /** Taken by the admin whose decision on a suggestion counts, and left to lapse (see Suggestions.decide). */
  suggestionDecision: (t: TeamRef, id: string) => `${teamPrefix(t)}suggestion-decision:${safe('suggestion', id)}`,
  /** How many times something rate-limited happened in the current window: per team (uploads) or per member. */
  rate: (t: TeamRef, what: string) => `${teamPrefix(t)}rate:${safe('rate', what)}`,
  memberRate: (t: TeamRef, userId: string, what: string) => `${memberPrefix(t, userId)}rate:${safe('rate', what)}`,
  /** The team's open question reports (one document: they are few). */
  reports: (t: TeamRef) => `${teamPrefix(t)}reports`,
  /** Claimed by the first command in a team, which then explains how the daily gets set up. */
  firstContact: (t: TeamRef) => `${teamPrefix(t)}claim:first-contact`,
  /** A pending "are you sure?" (purge), valid for a few minutes. */
  teamConfirmation: (t: TeamRef, token: string) => `${teamPrefix(t)}claim:confirm:${safe('token', token)}`,
  memberConfirmation: (t: TeamRef, userId: string, token: string) => `${memberPrefix(t, userId)}confirm:${safe('token', token)}`,
  /** Claimed by the forget-me that takes the member's counts back: once, however often "Yes" is pressed or retried. */
  forgetCounted: (t: TeamRef, userId: string) => `${memberPrefix(t, userId)}forget:counted`,
  /**
   * The same, by the confirmation's token, outside the member's keys: it outlives their deletion, for a second
   * "Yes" that read the counts before the first finished. The token is random: it names nobody.
   */
  forgetConfirmed: (t: TeamRef, token: string) => `${teamPrefix(t)}claim:forget-counted:${safe('token', token)}`,
  /** A live round's state; its answers are claims under roundAnswers(); a channel holds one round at a time. */
  round: (t: TeamRef, roundId: string) => `${teamPrefix(t)}round:${safe('round', roundId)}`,
  /** Every round's record of a team (its documents; a round's answers under it are answers, not documents). */
  roundPrefix: (t: TeamRef) => `${teamPrefix(t)}round:`,
  roundAnswers: (t: TeamRef, roundId: string, index: number) => `${teamPrefix(t)}round:${safe('round', roundId)}:q${index}:a:`,
  roundChannel: (t: TeamRef, channelId: string) => `${teamPrefix(t)}claim:round-channel:${safe('channel', channelId)}`,
  roundClosed: (t: TeamRef, roundId: string, index: number) => `${teamPrefix(t)}claim:round-closed:${safe('round', roundId)}:${index}`,
  roundEnded: (t: TeamRef, roundId: string) => `${teamPrefix(t)}claim:round-ended:${safe('round', roundId)}`,
  roundAward: (t: TeamRef, userId: string, roundId: string) => `${memberPrefix(t, userId)}award:round:${safe('round', roundId)}`,
  member: (t: TeamRef, userId: string) => `${memberPrefix(t, userId)}record`,
  /** How keys.member names a member's record, for reading a board's members with it (MemberDocKey). */
  memberRecords: (t: TeamRef) => ({ before: `${teamPrefix(t)}m:`, after: ':record' }),
  memberLog: (t: TeamRef, userId: string) => `${memberPrefix(t, userId)}log`,
  practice: (t: TeamRef, userId: string) => `${memberPrefix(t, userId)}practice`,
  /** The member's spaced-repetition card for one question (FSRS state), one small document each. */
  srsCard: (t: TeamRef, userId: string, questionId: string) => `${memberPrefix(t, userId)}srs:${safe('question', questionId)}`,
  srsPrefix: (t: TeamRef, userId: string) => `${memberPrefix(t, userId)}srs:`,
  /** The member's recall card for one question (interview mode: saying the answer, not recognising it). */
  recallCard: (t: TeamRef, userId: string, questionId: string) => `${memberPrefix(t, userId)}recall:${safe('question', questionId)}`,
  recallPrefix: (t: TeamRef, userId: string) => `${memberPrefix(t, userId)}recall:`,
  /** The member's interview session in progress (one at a time). */
  interview: (t: TeamRef, userId: string) => `${memberPrefix(t, userId)}interview`,
  /** A member's self-rating of an open daily: rated once. */
  openDailyRating: (t: TeamRef, userId: string, dailyId: string) => `${memberPrefix(t, userId)}answer:rated:${safe('daily', dailyId)}`,
  /** Members who asked for review reminders (one document per team). */
  reminders: (t: TeamRef) => `${teamPrefix(t)}reminders`,
  reminded: (t: TeamRef, userId: string, day: string) => `${memberPrefix(t, userId)}claim:reminded:${day}`,
  dailyAnswer: (t: TeamRef, userId: string, dailyId: string) => `${memberPrefix(t, userId)}answer:daily:${safe('daily', dailyId)}`,
  practiceAnswer: (t: TeamRef, userId: string, sessionId: string, step: number) =>
    `${memberPrefix(t, userId)}answer:practice:${safe('session', sessionId)}:${step}`,
};
