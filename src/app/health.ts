import type { Logger } from '../core/ports/logger.js';
import type { Store } from '../core/ports/store.js';
import { within } from '../core/shared/deadline.js';

/** How often the store is probed (more often while it is down), and how often an outage is logged while it lasts. */
const PROBE_MS = 15_000;
const PROBE_WHILE_DOWN_MS = 2_000;
const OUTAGE_LOG_MS = 60_000;
/** A store that holds the connection open but answers nothing (paused, overloaded) is down after this long. */
const PROBE_TIMEOUT_MS = 5_000;

export interface HealthState {
  /** starting, serving, or stopping (a supervisor should not send traffic while starting or stopping). */
  phase: 'starting' | 'serving' | 'stopping';
  store: { ok: true } | { ok: false; reason: string; since: number };
  /** Each configured platform: connected or not. */
  platforms: Record<string, boolean>;
}

/**
 * What this process knows of its own health: whether the store answers and each platform is connected. An
 * outage is logged as a warning when it starts, then once a minute with how many events it refused, and once
 * when it ends, instead of a line per event (45 events, 45 errors, before). /readyz reports it.
 */
export class Health {
  private readonly state: HealthState = { phase: 'starting', store: { ok: true }, platforms: {} };
  private refused = 0;
  private lastLog = 0;
  private probe?: NodeJS.Timeout;

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get snapshot(): HealthState {
    return structuredClone(this.state);
  }

  /** Ready: serving, the store answering, every platform connected. */
  get ready(): boolean {
    return this.state.phase === 'serving' && this.state.store.ok && Object.values(this.state.platforms).every(Boolean);
  }

  setPhase(phase: HealthState['phase']): void {
    this.state.phase = phase;
  }

  setPlatform(platform: string, connected: boolean): void {
    this.state.platforms[platform] = connected;
  }

  /**
   * The store refused work (full disk, read-only file, lost connection): one member's event refused, or (`event`
   * false) the health probe's own write, which is no one's event and is not counted as refused.
   */
  storeDown(reason: string, event = true): void {
    const now = this.now();
    if (event) this.refused += 1;
    if (this.state.store.ok) {
      this.state.store = { ok: false, reason, since: now };
      this.lastLog = now;
      this.log.warn({ reason }, 'store unavailable: events are answered with "try again shortly" until it is back');
      this.schedule(); // probe soon, to know when it is back
      return;
    }
    if (now - this.lastLog >= OUTAGE_LOG_MS) {
      this.log.warn({ reason, refused: this.refused, sinceMs: now - this.state.store.since }, 'store still unavailable');
      this.lastLog = now;
      this.refused = 0;
    }
  }

  /**
   * The last probe had no answer at all (not an error): a store that holds connections open and answers nothing.
   * Events are then refused at once rather than left waiting with it (see the dispatcher).
   */
  get storeSilent(): boolean {
    return this.silent && !this.state.store.ok;
  }
  private silent = false;
  private probes = 0;

  storeUp(): void {
    this.silent = false;
    if (this.state.store.ok) return;
    this.log.info({ downMs: this.now() - this.state.store.since, refused: this.refused }, 'store available again');
    this.state.store = { ok: true };
    this.refused = 0;
  }

  /** Probes the store (a small write, which a full or read-only disk refuses): every 15 s, every 2 s while down. */
  watch(store: Store): void {
    this.check = () => {
      // Only the latest probe's finding counts: a timer's probe stuck on a dead connection must not undo the
      // answer a later one (a /readyz request) already had.
      const generation = ++this.probes;
      const latest = () => generation === this.probes;
      return within(store.ping(), PROBE_TIMEOUT_MS, () => new ProbeTimeout(`the store did not answer within ${PROBE_TIMEOUT_MS / 1000} s`))
        .then(
          () => {
            if (latest()) this.storeUp();
          },
          (error: unknown) => {
            if (!latest()) return;
            this.storeDown(error instanceof Error ? error.message : String(error), false);
            this.silent = error instanceof ProbeTimeout;
          },
        )
        .finally(() => {
          if (latest()) this.schedule();
        });
    };
    this.schedule();
  }

  /** Probes the store now (a /readyz request), as the timer would: resolves once the state says what it found. */
  probeNow(): Promise<void> {
    return this.check?.() ?? Promise.resolve();
  }

  private check?: () => Promise<void>;
  private stopped = false;

  private schedule(): void {
    clearTimeout(this.probe);
    if (this.stopped || !this.check) return;
    const check = this.check;
    this.probe = setTimeout(() => void check(), this.state.store.ok ? PROBE_MS : PROBE_WHILE_DOWN_MS);
    this.probe.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.probe);
  }
}

class ProbeTimeout extends Error {}
