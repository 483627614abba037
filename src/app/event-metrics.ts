import type { EventKind, EventMetrics, EventOutcome } from '../core/ports/metrics.js';
import { isUserError, StoreUnavailable } from '../core/shared/errors.js';
import type { Inbound } from './inbound.js';

/** A command typed or picked, a button clicked, or a form sent: what /metrics counts events by. */
export function kindOf(event: Inbound): EventKind {
  if (event.kind === 'action') return 'button';
  if (event.kind === 'submit') return 'form';
  return 'command';
}

/** How an event that threw ended, as the member saw it: their mistake, an outage, or our failure. */
export function outcomeOf(error: unknown): EventOutcome {
  if (isUserError(error)) return 'user_error';
  if (error instanceof StoreUnavailable) return 'store_unreachable';
  return 'failed';
}

/** Counts one answered event, with the time from its arrival (`startedMs`, performance.now()) to its reply. */
export function countEvent(metrics: EventMetrics, event: Inbound, outcome: EventOutcome, startedMs: number): void {
  metrics.eventHandled(event.member.platform, kindOf(event), outcome, (performance.now() - startedMs) / 1000);
}
