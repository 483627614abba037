import type pg from 'pg';
import { isNetworkError } from './outage.js';

/** Postgres errors after which the whole transaction or statement can simply run again. */
export const RETRYABLE = new Set(['40001', '40P01']); // serialization failure, deadlock

/** Runs work in a transaction on one pooled connection, again (up to five times) after a serialization failure or deadlock. */
export async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const c = await pool.connect();
    // A connection that drops between two queries of the transaction is reported on the client itself (the pool
    // only listens to idle ones): without a listener that is an uncaught error that ends the process. The
    // transaction's next query fails instead, and the broken client is destroyed rather than pooled again.
    let dropped = false;
    const onError = () => {
      dropped = true;
    };
    c.on('error', onError);
    let failed: unknown;
    try {
      await c.query('BEGIN');
      const result = await work(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      failed = error;
      await c.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (!(code && RETRYABLE.has(code)) || attempt >= 5) throw error;
    } finally {
      c.off('error', onError);
      c.release(dropped || (failed !== undefined && isPostgresOutage(failed)) ? true : undefined);
    }
  }
}

/** pg's messages for a lost or refused connection (it gives them no code), and server codes that mean the same. */
const LOST_CONNECTION =
  /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Connection refused/i;

export function isPostgresOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // Class 08: connection exception; 57P01-57P03: the server is shutting down, crashed, or not yet accepting.
  if (typeof code === 'string' && (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code))) return true;
  return isNetworkError(error) || (error instanceof Error && LOST_CONNECTION.test(error.message));
}
