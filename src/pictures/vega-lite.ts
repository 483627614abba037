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

type CompileLogger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/**
 * vega-lite's own logger writes warnings to the console (a legend it merged, a property it ignored): they are not
 * problems of the spec, and the console is the shell's conversation. What it reports as an error stops the compile.
 */
const quietLogger: CompileLogger = {
  level: () => 0,
  error(...messages: readonly unknown[]) {
    throw new Error(messages.map(String).join(' '));
  },
  warn: () => quietLogger,
  info: () => quietLogger,
  debug: () => quietLogger,
};

export function compileVegaLite(spec: TopLevelSpec): ReturnType<typeof compile> {
  if (vegaLitesToJson) setPrototype.toJSON = vegaLitesToJson;
  try {
    return compile(spec, { logger: quietLogger });
  } finally {
    delete setPrototype.toJSON;
  }
}
