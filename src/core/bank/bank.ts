import type { KeyPoint } from '../interview/matcher.js';
import type { PictureSource } from '../shared/messages.js';
import { emptyRecord } from '../shared/own.js';

/** The question bank as the engine sees it: packs already loaded and validated (see src/bank/load.ts). */

export type Difficulty = 1 | 2 | 3;

export interface Question {
  id: string;
  pack: string;
  topic: string;
  /** The topic's display name, from the pack. */
  topicName: string;
  difficulty: Difficulty;
  prompt: string;
  answer: string;
  distractors: readonly [string, string, string];
  explanation: string;
  /** What an interviewer listens for (3–5), for interview mode; questions without them are not offered there. */
  keyPoints?: readonly KeyPoint[];
  /** A chart or image the question is about, shown with it (and with its reveal). */
  figure?: Figure;
}

/** A question's figure: what it is drawn from, and its alt text (what it shows, for screen readers and the shell). */
export interface Figure {
  alt: string;
  source: PictureSource;
}

export interface Pack {
  id: string;
  name: string;
  description?: string;
  /** Topic slug → display name, in the order the pack lists them. */
  topics: Record<string, string>;
  questions: readonly Question[];
}

/** Canonical option order: index 0 is the correct answer, 1–3 the distractors. */
export function canonicalOptions(q: Question): readonly string[] {
  return [q.answer, ...q.distractors];
}

export interface QuestionFilter {
  /** A pack id, or several separated by commas ("deep-learning,our-stack"). */
  pack: string;
  topic?: string;
  difficulty?: Difficulty;
}

/** The pack ids of a pack setting: one id, or several separated by commas; order kept, repeats dropped. */
export function packIdsOf(spec: string): string[] {
  return [
    ...new Set(
      spec
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    ),
  ];
}

export class Bank {
  private readonly byId = new Map<string, Question>();
  private readonly packs = new Map<string, Pack>();

  /**
   * `retired`: questions taken out of a team's pack, no longer drawn, but still found by id so that history that
   * names them (stats, reveals, reports) still reads.
   */
  constructor(
    packs: readonly Pack[],
    private readonly retired: readonly Question[] = [],
  ) {
    for (const pack of packs) {
      if (this.packs.has(pack.id)) throw new Error(`two packs share the id "${pack.id}"`);
      this.packs.set(pack.id, pack);
      for (const q of pack.questions) {
        if (this.byId.has(q.id)) throw new Error(`question id "${q.id}" appears in two packs`);
        this.byId.set(q.id, q);
      }
    }
  }

  /** This bank with more packs (a team's own) and their retired questions. */
  with(packs: readonly Pack[], retired: readonly Question[]): Bank {
    return new Bank([...this.packs.values(), ...packs], [...this.retired, ...retired]);
  }

  question(id: string): Question | undefined {
    return this.byId.get(id) ?? this.retired.find((q) => q.id === id);
  }

  /** A question that may still be drawn: not a retired one (those are only read, for history). */
  drawable(id: string): Question | undefined {
    return this.byId.get(id);
  }

  /** The packs a pack setting names that exist ("a,b": both, in that order). */
  packsOf(spec: string): Pack[] {
    return packIdsOf(spec)
      .map((id) => this.packs.get(id))
      .filter((p): p is Pack => p !== undefined);
  }

  /** Topic slug → name over the packs a setting names (first pack wins on a shared slug). */
  topicsOf(spec: string): Record<string, string> {
    const topics = emptyRecord<string>();
    for (const pack of this.packsOf(spec)) for (const [slug, name] of Object.entries(pack.topics)) topics[slug] ??= name;
    return topics;
  }

  /** A pack setting's display name: its packs' names, joined. */
  nameOf(spec: string): string {
    const packs = this.packsOf(spec);
    return packs.length ? packs.map((p) => p.name).join(' + ') : spec;
  }

  pack(id: string): Pack | undefined {
    return this.packs.get(id);
  }

  packIds(): string[] {
    return [...this.packs.keys()];
  }

  /** Every topic of every pack: slug → display name (first pack wins on a shared slug). */
  allTopics(): Record<string, string> {
    const topics = emptyRecord<string>();
    for (const pack of this.packs.values()) {
      for (const [slug, name] of Object.entries(pack.topics)) topics[slug] ??= name;
    }
    return topics;
  }

  topicName(slug: string): string {
    return this.allTopics()[slug] ?? slug;
  }

  /**
   * The questions a practice, an interview or a round draws from: those of the team's pack setting that pass the
   * filter (and `keep`: an interview's key points); for a topic asked for that leaves none there, those of every
   * pack. Help and the topic option offer every pack's topics, so a member who picks one of a pack the daily does
   * not use (an uploaded pack, approved suggestions) gets its questions, not "no questions"; a topic the setting
   * can serve stays within it.
   */
  pool(filter: QuestionFilter, keep: (q: Question) => boolean = () => true): Question[] {
    const within = this.select(filter).filter(keep);
    if (within.length > 0 || filter.topic === undefined) return within;
    return this.select({ ...filter, pack: this.packIds().join(',') }).filter(keep);
  }

  select(filter: QuestionFilter): Question[] {
    return this.packsOf(filter.pack).flatMap((pack) =>
      pack.questions.filter(
        (q) =>
          (filter.topic === undefined || q.topic === filter.topic) &&
          (filter.difficulty === undefined || q.difficulty === filter.difficulty),
      ),
    );
  }
}
