import type { TopLevelSpec } from 'vega-lite';

/**
 * A spec from a pack (or built by the engine) as vega-lite's compiler takes it. Its shape is checked by compiling
 * it, which throws on what is not Vega-Lite; the type only says it is an object.
 */
export function isVegaLiteObject(spec: unknown): spec is TopLevelSpec {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec);
}

export function asVegaLite(spec: Record<string, unknown>): TopLevelSpec {
  if (!isVegaLiteObject(spec)) throw new Error('a Vega-Lite spec is an object');
  return spec;
}
