import type { EngineDeps } from '../shared/context.js';
import { CorruptRecord, UserError } from '../shared/errors.js';
import { keys } from '../shared/keys.js';
import { checkRate, takeRate } from '../shared/rate-limit.js';
import { ReadCache } from '../shared/read-cache.js';
import { readRecord, reportCorrupt, updateRecord } from '../shared/records.js';
import type { MemberRef, TeamRef } from '../shared/refs.js';
import { type Bank, type Pack, packIdsOf } from './bank.js';
import { type StoredPack, type StoredQuestion, TEAM_PACK_SCHEMA, teamPackRecord, toPack, toStored } from './team-pack-model.js';

/** At most this many uploaded packs per team (the pack of approved suggestions comes on top). */
export const MAX_TEAM_PACKS = 10;
/** At most this many questions in one pack. */
export const MAX_PACK_QUESTIONS = 2000;
/** The pack approved suggestions go into. */
export const SUGGESTIONS_PACK = 'suggestions';
/** Uploads per team: enough to fix a file a few times over, not to hammer the store. */
const UPLOADS = { max: 20, windowMs: 60 * 60 * 1000, what: 'pack uploads this hour' };
/** Uploads per admin: one admin cannot use up the team's hour alone. */
const MEMBER_UPLOADS = { max: 10, windowMs: 60 * 60 * 1000, what: 'pack uploads of yours this hour' };
/** How stale a process's copy of a team's packs may be: another process's upload is in use within this. */
const PACKS_CACHE_MS = 2000;
/**
 * A process rebuilds a team's bank only when the packs revision changed, and at least this often anyway: the
 * revision is written after the pack, so a process that stopped between the two (or a restore, or an older
 * version sharing the store) delays others by this much at most.
 */
const PACKS_RELOAD_MS = 60_000;

/** A process's copy of a team's bank, and the packs revision it was built from. */
interface BuiltBank {
  bank: Bank;
  revision: unknown;
  builtAt: number;
}

/** An upload or a change that cannot be made: every problem, for the admin to fix at once. */
export class PackProblems extends UserError {
  constructor(readonly problems: string[]) {
    super('bad-input', `The pack was not saved (nothing changed):\n${problems.map((p) => `• ${p}`).join('\n')}`);
  }
}

export interface PackChange {
  pack: StoredPack;
  /** Question ids, by what happened to them. */
  added: string[];
  changed: string[];
  removed: string[];
  replaced: boolean;
}

/** A team's own question packs (uploaded, and the approved suggestions), and the bank each team draws from. */
export class TeamPacks {
  private readonly banks: ReadCache<BuiltBank>;
  /** Makes each revision this process writes a new one. */
  private writes = 0;

  constructor(private readonly deps: EngineDeps) {
    this.banks = new ReadCache(deps.clock, PACKS_CACHE_MS);
  }

  /** The team's packs that can be read, by id (a corrupt one is reported and left out). */
  async list(team: TeamRef): Promise<StoredPack[]> {
    const found = await this.deps.store.docKeys(keys.teamPackPrefix(team));
    const packs: StoredPack[] = [];
    for (const key of found) {
      try {
        const pack = await readRecord(this.deps.store, teamPackRecord, key);
        if (pack) packs.push(pack);
      } catch (error) {
        if (!(error instanceof CorruptRecord)) throw error;
        reportCorrupt(this.deps.log, error, { team });
      }
    }
    return packs.sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  get(team: TeamRef, packId: string): Promise<StoredPack | undefined> {
    return readRecord(this.deps.store, teamPackRecord, keys.teamPack(team, packId));
  }

  /**
   * The built-in packs and the team's own: what the team's dailies, practice and rounds draw from. Checked every
   * PACKS_CACHE_MS, rebuilt only when the packs changed: a team at the limits holds 20,000 questions, and reading
   * and parsing them took 120–200 ms (every event of the process waiting) each time.
   */
  async bankFor(team: TeamRef): Promise<Bank> {
    const cacheKey = keys.teamPackPrefix(team);
    const built = await this.banks.get(cacheKey, async () => {
      const now = this.deps.clock.now();
      // Read before the packs: a change made while they are read changes the revision after this read, and is
      // seen at the next check, never missed.
      const revision = await this.revision(team);
      const held = this.banks.peek(cacheKey);
      if (held && held.revision === revision && now - held.builtAt < PACKS_RELOAD_MS) return held;
      return { bank: await this.build(team), revision, builtAt: now };
    });
    return built.bank;
  }

  private async build(team: TeamRef): Promise<Bank> {
    const packs = await this.list(team);
    if (packs.length === 0) return this.deps.bank;
    const loaded = packs.map(toPack);
    return this.deps.bank.with(
      loaded.map((l) => l.pack),
      loaded.flatMap((l) => l.retired),
    );
  }

  /**
   * The packs revision. One that cannot be read is reported and written afresh (else the packs would be read at
   * every check from then on); this check counts it as new, so the packs are read.
   */
  private async revision(team: TeamRef): Promise<unknown> {
    try {
      return await this.deps.store.get<unknown>(keys.teamPacksRevision(team));
    } catch (error) {
      if (!(error instanceof CorruptRecord)) throw error;
      reportCorrupt(this.deps.log, error, { team });
      await this.writeRevision(team).catch(() => undefined);
      return Symbol('unreadable');
    }
  }

  private writeRevision(team: TeamRef): Promise<void> {
    return this.deps.store.set(keys.teamPacksRevision(team), `${this.deps.instanceId}:${this.deps.clock.now()}:${++this.writes}`);
  }

  /**
   * After any change to the team's packs: this process rebuilds at once, the others at their next check. The
   * change is made by then: a revision that cannot be written is logged (the others see the change within
   * PACKS_RELOAD_MS), never reported as the change failing.
   */
  private async changed(team: TeamRef): Promise<void> {
    try {
      await this.writeRevision(team);
    } catch (error) {
      this.deps.log.warn({ err: error, team }, 'could not write the packs revision; other processes see the change within a minute');
    } finally {
      // After the write: a rebuild under way read the revision before it, and is not kept.
      this.banks.forget(keys.teamPackPrefix(team));
    }
  }

  /**
   * Saves an uploaded pack, all or nothing: a pack with the same id is replaced (questions whose id remains keep
   * every member's history; removed ones are retired: never drawn again, still readable). Problems with the rest
   * of the bank (a built-in id, a question id another pack uses, the pack limit) are all named at once.
   */
  async put(
    team: TeamRef,
    pack: Pack,
    meta: { format: StoredPack['format']; by?: string; source?: StoredPack['source'] },
    /** The pack again from the one stored at the moment of writing (pure): for a change made from what is there. */
    rebuild?: (current: StoredPack | undefined) => Pack,
  ): Promise<PackChange> {
    const source = meta.source ?? 'upload';
    const problems: string[] = [];
    if (this.deps.bank.pack(pack.id)) problems.push(`id: "${pack.id}" is a built-in pack; give yours another id`);
    if (pack.id === SUGGESTIONS_PACK && source !== 'suggestions') {
      problems.push(`id: "${SUGGESTIONS_PACK}" holds approved suggestions; give your pack another id`);
    }
    if (pack.questions.length > MAX_PACK_QUESTIONS)
      problems.push(`questions: at most ${MAX_PACK_QUESTIONS} (this pack has ${pack.questions.length})`);
    const others = (await this.list(team)).filter((p) => p.id !== pack.id);
    const uploads = others.filter((p) => p.source === 'upload').length;
    if (source === 'upload' && uploads >= MAX_TEAM_PACKS && !(await this.get(team, pack.id))) {
      problems.push(`the team has ${uploads} packs, the most it can have: remove one first (quiz-admin pack remove)`);
    }
    const usedBy = new Map<string, string>();
    for (const p of others) for (const q of p.questions) usedBy.set(q.id, `pack ${p.id}`);
    // A retired question keeps its id for the answers that name it: pack show counts them, and says they hold it.
    for (const p of others) for (const q of p.retired) usedBy.set(q.id, `pack ${p.id}, by a question it retired (ids are never reused)`);
    for (const q of pack.questions) {
      const builtIn = this.deps.bank.question(q.id);
      const other = builtIn ? `built-in pack ${builtIn.pack}` : usedBy.get(q.id);
      if (other && problems.length < 20) problems.push(`question "${q.id}": field id: already used by the ${other}`);
    }
    if (problems.length) throw new PackProblems(problems.slice(0, 20));
    if (source === 'upload') {
      if (meta.by) await takeRate(this.deps.store, this.deps.clock, keys.memberRate(team, meta.by, 'uploads'), MEMBER_UPLOADS);
      await takeRate(this.deps.store, this.deps.clock, keys.rate(team, 'uploads'), UPLOADS);
    }
    let change: PackChange | undefined;
    await updateRecord(this.deps.store, teamPackRecord, keys.teamPack(team, pack.id), (previous) => {
      const next = rebuild ? rebuild(previous) : pack;
      // What was checked above was the pack as read before; the rebuilt one is held to the limits it can break.
      if (next.id !== pack.id) throw new Error(`a rebuilt pack changed its id from ${pack.id} to ${next.id}`);
      if (next.questions.length > MAX_PACK_QUESTIONS) throw new PackProblems([`questions: at most ${MAX_PACK_QUESTIONS}`]);
      change = diff(previous, next, { ...meta, source }, this.deps.clock.now());
      return change.pack;
    });
    await this.changed(team);
    return change!;
  }

  /**
   * Refuses when the team has saved UPLOADS.max packs in the window already. Only saved uploads count: a file
   * with mistakes changes nothing in the store, not even a counter.
   */
  async checkUpload(member: MemberRef): Promise<void> {
    await checkRate(this.deps.store, this.deps.clock, keys.memberRate(member, member.userId, 'uploads'), MEMBER_UPLOADS);
    await checkRate(this.deps.store, this.deps.clock, keys.rate(member, 'uploads'), UPLOADS);
  }

  /** Deletes a team pack; history that names its questions reads their ids only from then on. */
  async remove(team: TeamRef, packId: string): Promise<boolean> {
    const deleted = await this.deps.store.delete(keys.teamPack(team, packId));
    await this.changed(team);
    return deleted;
  }

  /** A pack setting without the given pack (several packs: the others stay); undefined when none would be left. */
  static without(spec: string, packId: string): string | undefined {
    const left = packIdsOf(spec).filter((id) => id !== packId);
    return left.length ? left.join(',') : undefined;
  }

  /** quiz forget-me: the member's name comes off the packs they uploaded. */
  async forgetMember(team: TeamRef, userId: string): Promise<void> {
    const theirs = (await this.list(team)).filter((pack) => pack.uploadedBy === userId);
    for (const pack of theirs) {
      await updateRecord(this.deps.store, teamPackRecord, keys.teamPack(team, pack.id), (p) => p && { ...p, uploadedBy: undefined });
    }
    // One revision for all of them: the other processes read the packs again once.
    if (theirs.length > 0) await this.changed(team);
  }
}

const same = (a: StoredQuestion, b: StoredQuestion) => JSON.stringify(a) === JSON.stringify(b);

/** The stored pack after an upload, and what changed. Pure. */
function diff(
  previous: StoredPack | undefined,
  pack: Pack,
  meta: { format: StoredPack['format']; by?: string; source: StoredPack['source'] },
  now: number,
): PackChange {
  const questions = pack.questions.map(toStored);
  const before = new Map((previous?.questions ?? []).map((q) => [q.id, q]));
  const ids = new Set(questions.map((q) => q.id));
  const added = questions.filter((q) => !before.has(q.id)).map((q) => q.id);
  const changed = questions.filter((q) => before.has(q.id) && !same(before.get(q.id)!, q)).map((q) => q.id);
  const removedQuestions = [...before.values()].filter((q) => !ids.has(q.id));
  // Questions retired by an upload before the latest lose their figure (a daily still open from one, after two
  // uploads, shows its reveal without it): inline images kept for every generation would grow the pack by up to a
  // megabyte per upload.
  const earlier = (previous?.retired ?? []).filter((q) => !ids.has(q.id) && !before.has(q.id)).map(({ figure: _, ...q }) => q);
  const retired = [...earlier, ...removedQuestions];
  const stored: StoredPack = {
    v: TEAM_PACK_SCHEMA,
    id: pack.id,
    name: pack.name,
    ...(pack.description ? { description: pack.description } : {}),
    topics: pack.topics,
    questions,
    retired,
    format: meta.format,
    source: meta.source,
    ...(meta.by ? { uploadedBy: meta.by } : {}),
    updatedAt: now,
  };
  return { pack: stored, added, changed, removed: removedQuestions.map((q) => q.id), replaced: previous !== undefined };
}
