import { StoreOpenError } from './open-error.js';

/**
 * What a PostgreSQL URL's query may hold: Backprop's schema, and the connection parameters node-postgres reads
 * (libpq's names). Anything else was silently dropped, and a misspelt `schema` opened an empty default schema, as
 * if every team were new.
 */
const KNOWN = new Set([
  'schema',
  'host',
  'port',
  'user',
  'password',
  'db',
  'dbname',
  'encoding',
  'client_encoding',
  'application_name',
  'fallback_application_name',
  'options',
  'ssl',
  'sslmode',
  'sslcert',
  'sslkey',
  'sslrootcert',
  'sslnegotiation',
  'uselibpqcompat',
  'connect_timeout',
  'keepalives',
  'keepalives_idle',
  'statement_timeout',
  'query_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
]);

export function checkPostgresOptions(parsed: URL, shown: string): void {
  const unknown = [...new Set(parsed.searchParams.keys())].filter((name) => !KNOWN.has(name));
  if (unknown.length)
    throw new StoreOpenError(
      `${shown}: unknown option ${unknown.join(', ')} (a PostgreSQL URL takes ?schema= and libpq's connection parameters such as sslmode; an unknown option was never read, so removing it changes nothing)`,
    );
}
