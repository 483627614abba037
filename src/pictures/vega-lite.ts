import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * vega-lite patches Set.prototype.toJSON when it loads (so that its own hashing can stringify sets). That is a
 * change to every JSON.stringify in the process, and discord.js fails to load after it. Importing vega-lite only
 * through this module takes the patch back at once, and puts it in place only while the (synchronous) compiler
 * runs, so no other code can ever see it.
 */
type SetWithJson = Set<unknown> & { toJSON?: () => string };
const setPrototype: SetWithJson = Set.prototype;
const vegaLitesToJson = setPrototype.toJSON;
delete setPrototype.toJSON;

export function compileVegaLite(spec: TopLevelSpec): ReturnType<typeof compile> {
  if (vegaLitesToJson) setPrototype.toJSON = vegaLitesToJson;
  try {
    return compile(spec);
  } finally {
    delete setPrototype.toJSON;
  }
}
