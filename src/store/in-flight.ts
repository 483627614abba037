/**
 * At most `most` pieces of work under way at once; the rest wait their turn, first come first served. A store puts
 * its answer steps behind one so that a burst of answers does not queue hundreds of commands on its connection
 * ahead of a member's leaderboard read: the server stays just as busy with a few under way at a time.
 */
export class InFlightLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly most: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.most) this.running++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line (running stays the same), or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
