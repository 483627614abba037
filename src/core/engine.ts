import type { Bank } from './bank/bank.js';
import { Suggestions } from './bank/suggestions.js';
import { TeamPacks } from './bank/team-packs.js';
import { DailyChannels } from './daily/channels.js';
import { Dailies } from './daily/dailies.js';
import { OpenDailies } from './daily/open-dailies.js';
import { Recaps } from './daily/recap.js';
import { Interviews } from './interview/interviews.js';
import { Practice } from './practice/practice.js';
import { Reminders } from './practice/reminders.js';
import { SpacedRepetition } from './practice/srs.js';
import { Rounds } from './rounds/rounds.js';
import type { EngineDeps } from './shared/context.js';
import { Standings } from './standings/standings.js';
import { Confirmations } from './team/confirmations.js';
import { Privacy } from './team/privacy.js';
import { Reports } from './team/reports.js';
import { Teams } from './team/teams.js';

/**
 * The quiz engine: everything Backprop does, with no platform and no store library in sight. It is its services,
 * one per capability, and nothing else: commands, buttons and the scheduler call them; nobody reaches past them
 * to the store or the clock.
 */
export class Engine {
  readonly bank: Bank;
  readonly teams: Teams;
  readonly channels: DailyChannels;
  readonly packs: TeamPacks;
  readonly suggestions: Suggestions;
  readonly confirmations: Confirmations;
  readonly privacy: Privacy;
  readonly reports: Reports;
  readonly srs: SpacedRepetition;
  readonly standings: Standings;
  readonly dailies: Dailies;
  readonly openDailies: OpenDailies;
  readonly practice: Practice;
  readonly interviews: Interviews;
  readonly rounds: Rounds;
  readonly reminders: Reminders;
  readonly recaps: Recaps;

  constructor(deps: EngineDeps) {
    this.bank = deps.bank;
    this.confirmations = new Confirmations(deps);
    this.channels = new DailyChannels(deps);
    this.packs = new TeamPacks(deps);
    this.teams = new Teams(deps, this.channels, this.packs, this.confirmations);
    this.suggestions = new Suggestions(deps, this.packs);
    this.privacy = new Privacy(deps, this.teams, this.confirmations, this.packs, this.suggestions);
    this.reports = new Reports(deps, this.packs);
    this.srs = new SpacedRepetition(deps);
    this.standings = new Standings(deps, this.teams, this.channels, this.packs, this.srs);
    this.dailies = new Dailies(deps, this.teams, this.channels, this.packs, this.reports, this.srs);
    this.openDailies = new OpenDailies(deps, this.teams, this.channels, this.dailies, this.packs, this.srs);
    this.practice = new Practice(deps, this.teams, this.channels, this.packs, this.srs);
    this.interviews = new Interviews(deps, this.teams, this.channels, this.packs, this.srs);
    this.rounds = new Rounds(deps, this.teams, this.channels, this.packs, this.srs);
    this.reminders = new Reminders(deps, this.teams, this.srs);
    this.recaps = new Recaps(deps, this.teams, this.channels, this.dailies, this.packs);
  }
}
