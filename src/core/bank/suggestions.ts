import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord, stale, UserError } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { b, line, t } from '../shared/messages.js';
import { own } from '../shared/own.js';
import { shortId } from '../shared/presentation.js';
import { checkRate, takeRate } from '../shared/rate-limit.js';
import { readRecord, reportCorrupt, updateRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import type { Difficulty } from './bank.js';
import { difficultyName } from './question-view.js';
import { type Decision, SUGGESTION_SCHEMA, type Suggestion, suggestionRecord } from './suggestion-model.js';
import { type StoredPack, type StoredQuestion, toQuestion } from './team-pack-model.js';
import { SUGGESTIONS_PACK, type TeamPacks } from './team-packs.js';

/** A member suggests at human pace; a team's queue stays short enough for admins to read. */
const PER_MEMBER = { max: 5, windowMs: 24 * 60 * 60 * 1000, what: 'suggestions today' };
const PER_TEAM = { max: 50, windowMs: 24 * 60 * 60 * 1000, what: 'suggestions from this team today' };
export const MAX_PENDING = 100;
const SUGGESTIONS_PACK_NAME = 'Suggested by members';
const DECIDED = 'That suggestion was already approved or rejected.';
/** Longer than any decision takes; a process that crashed midway leaves the suggestion decidable again after it. */
const DECISION_TTL_MS = 10 * 60_000;

/**
 * Questions members suggest, and the admins' decisions. A suggestion is checked by the built-in questions' rules
 * before it is stored (by the caller, which knows the pack format); approving it adds it to the team's pack
 * "suggestions" (created on first approval) under the id it was given, so approving twice cannot add it twice.
 */
export class Suggestions {
  constructor(
    private readonly deps: EngineDeps,
    private readonly packs: TeamPacks,
  ) {}

  /** A new question id: unique among the team's questions (the caller puts it in front of a slug of the prompt). */
  newId(): string {
    return shortId(this.deps.random).slice(0, 6);
  }

  async submit(member: MemberRef, question: StoredQuestion, topicName: string, id: string): Promise<Suggestion> {
    if ((await this.pending(member)).length >= MAX_PENDING)
      throw new UserError('rate-limited', `The quiz admins have ${MAX_PENDING} suggestions to read already; try again later.`);
    await checkRate(this.deps.store, this.deps.clock, keys.rate(member, 'suggestions'), PER_TEAM);
    await takeRate(this.deps.store, this.deps.clock, keys.memberRate(member, member.userId, 'suggestions'), PER_MEMBER);
    await takeRate(this.deps.store, this.deps.clock, keys.rate(member, 'suggestions'), PER_TEAM);
    const suggestion: Suggestion = {
      v: SUGGESTION_SCHEMA,
      id,
      question,
      topicName,
      suggestedBy: member.userId,
      suggestedAt: this.deps.clock.now(),
    };
    await this.deps.store.set(keys.suggestion(member, id), suggestion);
    return suggestion;
  }

  /** The team's waiting suggestions, oldest first (one that cannot be read is reported and left out). */
  async pending(team: TeamRef): Promise<Suggestion[]> {
    const out: Suggestion[] = [];
    for (const key of await this.deps.store.docKeys(keys.suggestionPrefix(team))) {
      try {
        const s = await readRecord(this.deps.store, suggestionRecord, key);
        if (s) out.push(s);
      } catch (error) {
        if (!(error instanceof CorruptRecord)) throw error;
        reportCorrupt(this.deps.log, error, { team });
      }
    }
    return out.sort((a, c) => a.suggestedAt - c.suggestedAt || (a.id < c.id ? -1 : 1));
  }

  async get(team: TeamRef, id: string): Promise<Suggestion> {
    const found = await readRecord(this.deps.store, suggestionRecord, keys.suggestion(team, id));
    if (!found) throw stale(DECIDED);
    return found;
  }

  /**
   * One decision per suggestion, whoever clicks first: a claim taken before the suggestion is read, then the
   * decision applied, then the suggestion deleted. The claim is not released on success: it refuses a second admin
   * who read the suggestion before the delete, and lapses after DECISION_TTL_MS. Released at once only when applying
   * fails (nothing was decided); a process that dies midway leaves it to lapse, and the suggestion to be decided again.
   */
  private async decide(admin: MemberRef, id: string, apply: (s: Suggestion) => Promise<void>): Promise<Suggestion> {
    const claim = keys.suggestionDecision(admin, id);
    if (!(await this.deps.store.claim(claim, '1', DECISION_TTL_MS))) throw stale(DECIDED);
    let suggestion: Suggestion;
    try {
      suggestion = await this.get(admin, id);
      await apply(suggestion);
    } catch (error) {
      await this.deps.store.releaseClaim(claim).catch(() => undefined); // the claim lapses anyway; the cause matters
      throw error;
    }
    await this.deps.store.delete(keys.suggestion(admin, id));
    return suggestion;
  }

  /**
   * Adds the question (as suggested, or as an admin edited it) to the team's pack of suggestions, at the difficulty
   * the approving admin chose (a member cannot judge how hard their own question is for the team; the form has no
   * room for it either: Discord's modals hold five fields).
   */
  async approve(admin: MemberRef, id: string, difficulty: Difficulty): Promise<Suggestion> {
    const approved = (s: Suggestion) => ({ ...s.question, difficulty });
    const suggestion = await this.decide(admin, id, async (s) => {
      // Built from the pack as it is inside the write: two approvals at once both land (neither overwrites the other).
      const build = (current: StoredPack | undefined) => {
        const question = approved(s);
        const questions = [...(current?.questions ?? []).filter((q) => q.id !== question.id), question];
        const topics = { ...(current?.topics ?? {}), [question.topic]: (current && own(current.topics, question.topic)) ?? s.topicName };
        const head = { id: SUGGESTIONS_PACK, topics };
        return { ...head, name: SUGGESTIONS_PACK_NAME, questions: questions.map((q) => toQuestion(head, q)) };
      };
      const meta = { format: 'yaml' as const, by: admin.userId, source: 'suggestions' as const };
      await this.packs.put(admin, build(await this.packs.get(admin, SUGGESTIONS_PACK)), meta, build);
    });
    await this.tell(admin, suggestion, { kind: 'approved', question: approved(suggestion) });
    return { ...suggestion, question: approved(suggestion) };
  }

  /** An admin's edit: the suggestion keeps waiting, as edited, for a decision (the member hears of the decision only). */
  async revise(admin: MemberRef, id: string, edited: { question: StoredQuestion; topicName: string }): Promise<Suggestion> {
    const deciding = async () => (await this.deps.store.getClaim(keys.suggestionDecision(admin, id))) !== undefined;
    if (await deciding()) throw stale(DECIDED);
    // Atomic: an edit never brings back a suggestion decided (or forgotten) meanwhile; its id stays whatever the form says.
    const revised = await updateRecord(this.deps.store, suggestionRecord, keys.suggestion(admin, id), (previous) =>
      previous ? { ...previous, question: { ...edited.question, id: previous.question.id }, topicName: edited.topicName } : undefined,
    );
    // A decision that began meanwhile may have read the suggestion before this edit: the edit is not promised.
    if (!revised || (await deciding())) throw stale(DECIDED);
    return revised;
  }

  async reject(admin: MemberRef, id: string, reason?: string): Promise<Suggestion> {
    const suggestion = await this.decide(admin, id, async (s) => {
      // An approval that stopped after writing the pack (a crash) left the suggestion waiting: it was approved.
      const pack = await this.packs.get(admin, SUGGESTIONS_PACK);
      if (pack?.questions.some((q) => q.id === s.question.id)) {
        await this.deps.store.delete(keys.suggestion(admin, id));
        throw stale('That suggestion was already approved.');
      }
    });
    await this.tell(admin, suggestion, { kind: 'rejected', reason: reason?.trim() || undefined });
    return suggestion;
  }

  /** quiz forget-me: the member's waiting suggestions go (approved ones are the team's questions now). */
  async forgetMember(team: TeamRef, userId: string): Promise<void> {
    for (const s of await this.pending(team)) if (s.suggestedBy === userId) await this.deps.store.delete(keys.suggestion(team, s.id));
  }

  /** The member who suggested it hears the decision privately; a closed DM is logged, not an error for the admin. */
  private async tell(team: TeamRef, suggestion: Suggestion, decision: Decision): Promise<void> {
    const prompt = suggestion.question.prompt;
    const message =
      decision.kind === 'approved'
        ? {
            title: '🎉 Your suggested question was approved',
            lines: [
              line(b(prompt)),
              line(
                t(
                  `It is in the team’s pack “suggestions” now (${difficultyName(decision.question.difficulty)}): it comes up in practice on its topic (quiz start ${decision.question.topic}), and in the dailies that draw from that pack.`,
                ),
              ),
            ],
            tone: 'success' as const,
          }
        : {
            title: 'Your suggested question was not added',
            lines: [line(b(prompt)), ...(decision.reason ? [line(t(`The quiz admins said: ${decision.reason}`))] : [])],
            tone: 'info' as const,
          };
    try {
      await this.deps.messenger.sendPrivate(team, suggestion.suggestedBy, message);
    } catch (error) {
      this.deps.log.warn({ err: error, team, suggestion: suggestion.id }, 'could not tell a member about their suggestion');
    }
  }
}
