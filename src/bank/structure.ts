/** How deep a pack's fields may nest: a Vega-Lite chart needs a handful of levels, a pack itself three. */
export const MAX_DEPTH = 32;

/**
 * What a parsed file's shape has that no field check would say: nesting deep enough to overflow the checks that
 * walk it (a stack overflow, reported as such), or a key "__proto__", which the schema would drop without a word.
 * Walked with a stack of its own, so the walk itself cannot overflow.
 */
export function structureProblem(raw: unknown): { path: (string | number)[]; problem: string } | undefined {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: raw, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_DEPTH) return { path, problem: `nested more than ${MAX_DEPTH} levels deep` };
    if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) pending.push({ value: item, path: [...path, i] });
      continue;
    }
    if (Object.hasOwn(value, '__proto__')) return { path: [...path, '__proto__'], problem: '"__proto__" cannot be a name' };
    for (const [key, item] of Object.entries(value)) pending.push({ value: item, path: [...path, key] });
  }
  return undefined;
}
