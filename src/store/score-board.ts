import type { BoardEntry, BoardStanding } from '../core/ports/store.js';

/**
 * One leaderboard in memory, ordered by points. Members are grouped by score, and the distinct scores are kept
 * sorted, so a rank is 1 + the members in higher groups: its cost grows with the number of distinct scores
 * (a few hundred in practice), not with the number of members.
 */
export class ScoreBoard {
  private readonly pointsOf = new Map<string, number>();
  private readonly groups = new Map<number, Set<string>>();
  /** Distinct scores, highest first. */
  private readonly scores: number[] = [];

  add(member: string, delta: number): void {
    const before = this.pointsOf.get(member);
    if (before !== undefined) this.leave(member, before);
    this.join(member, (before ?? 0) + delta);
  }

  remove(member: string): number | undefined {
    const before = this.pointsOf.get(member);
    if (before !== undefined) this.leave(member, before);
    return before;
  }

  get size(): number {
    return this.pointsOf.size;
  }

  top(limit: number): BoardEntry[] {
    const out: BoardEntry[] = [];
    for (const points of this.scores) {
      for (const memberId of [...this.groups.get(points)!].sort()) {
        if (out.length >= limit) return out;
        out.push({ memberId, points });
      }
    }
    return out;
  }

  standing(member: string): BoardStanding | undefined {
    const points = this.pointsOf.get(member);
    if (points === undefined) return undefined;
    let above = 0;
    for (const s of this.scores) {
      if (s <= points) break;
      above += this.groups.get(s)!.size;
    }
    return { memberId: member, points, rank: above + 1 };
  }

  entries(): BoardEntry[] {
    return [...this.pointsOf].map(([memberId, points]) => ({ memberId, points }));
  }

  private join(member: string, points: number): void {
    this.pointsOf.set(member, points);
    let group = this.groups.get(points);
    if (!group) {
      group = new Set();
      this.groups.set(points, group);
      this.scores.splice(this.insertionIndex(points), 0, points);
    }
    group.add(member);
  }

  private leave(member: string, points: number): void {
    this.pointsOf.delete(member);
    const group = this.groups.get(points)!;
    group.delete(member);
    if (group.size === 0) {
      this.groups.delete(points);
      this.scores.splice(this.insertionIndex(points), 1);
    }
  }

  /** Binary search in the descending list: the index of `points`, or where it would go. */
  private insertionIndex(points: number): number {
    let lo = 0;
    let hi = this.scores.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.scores[mid]! > points) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
