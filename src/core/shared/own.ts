/**
 * A record's own value under a key typed by someone (a topic slug, a name): `record[key]` would also find
 * Object.prototype's members, so a topic called "constructor" read as a function and broke every record it touched.
 */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An empty record with no prototype: `??=`, `in` and lookups see only what was put in it. */
export function emptyRecord<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}
