import { z } from 'zod';
import type { TeamPacks } from '../bank/team-packs.js';
import type { EngineDeps } from '../shared/context.js';
import { badInput } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { shortId } from '../shared/presentation.js';
import { type RecordKind, readRecord, recordKind, updateRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';

/** A member's note that a question is wrong, unclear or has more than one right answer. */
export interface QuestionReport {
  id: string;
  questionId: string;
  memberId: string;
  text: string;
  at: number;
}
export interface ReportsDoc {
  v: 1;
  open: QuestionReport[];
}

export const reportsRecord: RecordKind<ReportsDoc> = recordKind(
  'the question reports',
  z.looseObject({
    v: z.literal(1),
    open: z.array(z.object({ id: z.string(), questionId: z.string(), memberId: z.string(), text: z.string(), at: z.number() })),
  }),
);

/** Reports by this many different members take a question out of the team's daily until an admin closes them. */
export const REPORTS_TO_WITHHOLD = 3;
export const MAX_REPORT_LENGTH = 500;

export class Reports {
  constructor(
    private readonly deps: EngineDeps,
    private readonly packs: TeamPacks,
  ) {}

  async open(team: TeamRef): Promise<QuestionReport[]> {
    return (await readRecord(this.deps.store, reportsRecord, keys.reports(team)))?.open ?? [];
  }

  async add(member: MemberRef, questionId: string, text: string): Promise<QuestionReport> {
    const trimmed = text.trim();
    if (!(await this.packs.bankFor(member)).question(questionId)) throw badInput('That question is no longer in the question bank.');
    if (trimmed.length === 0) throw badInput('Please describe what is wrong with the question.');
    if (trimmed.length > MAX_REPORT_LENGTH) throw badInput(`Please keep the report under ${MAX_REPORT_LENGTH} characters.`);
    const report: QuestionReport = {
      id: shortId(this.deps.random),
      questionId,
      memberId: member.userId,
      text: trimmed,
      at: this.deps.clock.now(),
    };
    await updateRecord(this.deps.store, reportsRecord, keys.reports(member), (doc) => ({
      v: 1 as const,
      open: [...(doc?.open ?? []), report],
    }));
    return report;
  }

  /** Closes every open report of a question; returns how many were closed. */
  async close(team: TeamRef, questionId: string): Promise<number> {
    let closed = 0;
    await updateRecord(this.deps.store, reportsRecord, keys.reports(team), (doc) => {
      if (!doc) return undefined;
      const open = doc.open.filter((r) => r.questionId !== questionId);
      closed = doc.open.length - open.length;
      return closed ? { ...doc, open } : undefined;
    });
    return closed;
  }

  /** Questions reported by enough different members to keep them out of the daily. */
  async withheld(team: TeamRef): Promise<Set<string>> {
    const reporters = new Map<string, Set<string>>();
    for (const r of await this.open(team)) {
      const set = reporters.get(r.questionId) ?? new Set();
      set.add(r.memberId);
      reporters.set(r.questionId, set);
    }
    return new Set([...reporters].filter(([, members]) => members.size >= REPORTS_TO_WITHHOLD).map(([q]) => q));
  }
}
