import { StoreOpenError } from './open-error.js';

/**
 * A PostgreSQL URL's query holds Backprop's `schema` and libpq's connection parameters (sslmode, channel_binding,
 * target_session_attrs…, which node-postgres reads or ignores as it always did). What is refused is a misspelt
 * schema: `?schem=ours` was dropped without a word and the empty default schema opened, as if every team were new.
 */
export function checkPostgresOptions(parsed: URL, shown: string): void {
  const misspelt = [...new Set(parsed.searchParams.keys())].filter((name) => name !== 'schema' && looksLikeSchema(name));
  if (misspelt.length)
    throw new StoreOpenError(
      `${shown}: unknown option ${misspelt.join(', ')}: did you mean ?schema=? (without it the default schema "backprop" is used)`,
    );
}

/** A name a few keystrokes from "schema" (schem, schemas, Schema, shema), or PostgreSQL's own word for it. */
function looksLikeSchema(name: string): boolean {
  const word = name.toLowerCase();
  return word === 'search_path' || word === 'currentschema' || editDistance(word, 'schema') <= 2;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
