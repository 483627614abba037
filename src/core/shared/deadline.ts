/**
 * The promise's outcome, or a rejection with `late()` once `ms` pass without it. The call itself goes on (no
 * promise can be cancelled): the caller stops what it started, if it must. The timer keeps no process alive.
 */
export function within<T>(promise: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms).unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
