import { CorruptRecord } from '../core/shared/errors.js';
import { UNDECODABLE } from '../core/shared/records.js';

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

/**
 * The document inside a stored envelope, or undefined when absent or expired at `now`. Text that is not an
 * envelope of JSON (a damaged row, a hand edit) is a CorruptRecord naming `key`, never a crash of its reader.
 */
export function decodeDoc<T>(raw: string | undefined, now: number, key: string): T | undefined {
  if (raw === undefined) return undefined;
  let envelope: Envelope<T> | undefined;
  try {
    envelope = deserializeEnvelope<T>(raw);
  } catch (error) {
    throw new CorruptRecord(key, UNDECODABLE, `not valid JSON (${(error as Error).message})`);
  }
  if (envelope === null || typeof envelope !== 'object' || !('value' in envelope)) {
    throw new CorruptRecord(key, UNDECODABLE, 'not a stored document (no value in it)');
  }
  if (typeof envelope.expires === 'number' && envelope.expires < now) return undefined;
  return envelope.value;
}
