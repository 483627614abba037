import { Keyv, type KeyvStoreAdapter } from 'keyv';

/**
 * How documents are stored as text. Keyv wraps every value as { value, expires } and passes it through its
 * serializer; we give Keyv plain JSON so that a backend's native atomic step (which reads and writes the
 * member record inside its own transaction) reads and writes exactly what Keyv does.
 */
export interface Envelope<T> {
  value: T;
  expires?: number;
}

export const serializeEnvelope = (data: unknown): string => JSON.stringify(data);
export const deserializeEnvelope = <T>(raw: string): Envelope<T> | undefined => JSON.parse(raw) as Envelope<T>;

export function encodeDoc(value: unknown, expires?: number): string {
  return JSON.stringify(expires === undefined ? { value } : { value, expires });
}

/** The document inside a stored envelope, or undefined when absent or expired. */
export function decodeDoc<T>(raw: string | undefined, now = Date.now()): T | undefined {
  if (raw === undefined) return undefined;
  const envelope = deserializeEnvelope<T>(raw);
  if (!envelope) return undefined;
  if (typeof envelope.expires === 'number' && envelope.expires < now) return undefined;
  return envelope.value;
}

/**
 * The Keyv every backend keeps its documents in: our JSON codec, no key prefix of Keyv's own (our keys are
 * namespaced already), and errors thrown. Keyv swallows store errors by default and answers "not found",
 * which for a team's streaks would be data loss.
 */
export function documentKeyv(store: KeyvStoreAdapter): Keyv {
  return new Keyv({
    store,
    serialize: serializeEnvelope,
    deserialize: deserializeEnvelope,
    namespace: undefined,
    useKeyPrefix: false,
    throwOnErrors: true,
  });
}
