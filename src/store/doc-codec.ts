/**
 * How documents are stored as text: the JSON envelope { value, expires } that Keyv writes, so that a store holds
 * the same text whether a document was written through a Keyv storage adapter or by a backend's own atomic step
 * (which reads and writes the member record inside its transaction).
 */
export interface Envelope<T> {
  value: T;
  expires?: number;
}

export const deserializeEnvelope = <T>(raw: string): Envelope<T> | undefined => JSON.parse(raw) as Envelope<T>;

export function encodeDoc(value: unknown, expires?: number): string {
  return JSON.stringify(expires === undefined ? { value } : { value, expires });
}

/** The document inside a stored envelope, or undefined when absent or expired at `now`. */
export function decodeDoc<T>(raw: string | undefined, now: number): T | undefined {
  if (raw === undefined) return undefined;
  const envelope = deserializeEnvelope<T>(raw);
  if (!envelope) return undefined;
  if (typeof envelope.expires === 'number' && envelope.expires < now) return undefined;
  return envelope.value;
}
