import { isLetter, type Letter } from './presentation.js';

/**
 * Button ids: short keys of the form <ns>:<verb>:<args>, never state. Who clicked comes from the event; whether
 * the click still counts (open, owned, not yet answered) is looked up in the store. Each kind of button declares
 * its id once, with actionId(); its handler is one entry of the action table (src/actions/).
 */

/** Discord caps custom ids at 100 characters (Slack at 255): the lower limit holds for every platform. */
export const MAX_ACTION_ID_LENGTH = 100;
/** What every argument of every id is made of (and all a forged id can contain). */
export const ARG = /^[A-Za-z0-9_.-]{1,64}$/;

/** One argument of an id: how it is written, and how it is read back (undefined: not a valid value). */
export interface ArgCodec<T> {
  encode(value: T): string;
  decode(text: string): T | undefined;
  /** What an error calls a bad value of this argument: "a malformed step". */
  problem: string;
}

const STEP = /^(0|[1-9]\d{0,2})$/;

export const arg = {
  /** An id made by Backprop: a date, a slug, a short random id. */
  id: { encode: (v: string) => v, decode: (t: string) => t, problem: 'a malformed argument' } satisfies ArgCodec<string>,
  /** The option letter shown on a button. */
  letter: {
    encode: (v: Letter) => v,
    decode: (t: string) => (isLetter(t) ? t : undefined),
    problem: 'an unknown option letter',
  } satisfies ArgCodec<Letter>,
  /** A question's position in a quiz or round: 0–999. */
  step: {
    encode: (v: number) => String(v),
    decode: (t: string) => (STEP.test(t) ? Number(t) : undefined),
    problem: 'a malformed step',
  } satisfies ArgCodec<number>,
  /** An instant in ms, in base 36 to stay short. Past Number.MAX_SAFE_INTEGER no id Backprop made holds it. */
  instant: {
    encode: (v: number) => v.toString(36),
    decode: (t: string) => {
      if (!/^[0-9a-z]{1,12}$/.test(t)) return undefined;
      const ms = parseInt(t, 36);
      return Number.isSafeInteger(ms) ? ms : undefined;
    },
    problem: 'a malformed rating',
  } satisfies ArgCodec<number>,
  /** A self-rating after a right answer: Hard (2), Good (3) or Easy (4). */
  grade: {
    encode: (v: 2 | 3 | 4) => String(v),
    decode: (t: string) => (t === '2' || t === '3' || t === '4' ? (Number(t) as 2 | 3 | 4) : undefined),
    problem: 'a malformed rating',
  } satisfies ArgCodec<2 | 3 | 4>,
  /** A self-rating of an answer given unaided (interview mode): Again (1), Hard (2), Good (3) or Easy (4). */
  recall: {
    encode: (v: 1 | 2 | 3 | 4) => String(v),
    decode: (t: string) => (t === '1' || t === '2' || t === '3' || t === '4' ? (Number(t) as 1 | 2 | 3 | 4) : undefined),
    problem: 'a malformed rating',
  } satisfies ArgCodec<1 | 2 | 3 | 4>,
  /** A question's difficulty: easy (1), medium (2) or hard (3). */
  difficulty: {
    encode: (v: 1 | 2 | 3) => String(v),
    decode: (t: string) => (t === '1' || t === '2' || t === '3' ? (Number(t) as 1 | 2 | 3) : undefined),
    problem: 'an unknown difficulty',
  } satisfies ArgCodec<1 | 2 | 3>,
} as const;

/** The arguments of one kind of id, in the order they are written. */
type ArgSpec = Record<string, { encode(value: never): string; decode(text: string): unknown; problem: string }>;
type ValueOf<C> = C extends ArgCodec<infer T> ? T : never;
export type ArgsOf<S extends ArgSpec> = { [K in keyof S]: ValueOf<S[K]> };

/** One kind of button: its namespace, verb and arguments, and the codec between them and the id. */
export interface ActionId<NS extends string, V extends string, A> {
  readonly ns: NS;
  readonly verb: V;
  readonly key: `${NS}:${V}`;
  encode(args: A): string;
  /** The arguments of an id already split at colons, or why they are not valid. */
  decode(parts: readonly string[]): { ok: true; args: A } | { ok: false; error: string };
}

export function actionId<NS extends string, V extends string, S extends ArgSpec>(ns: NS, verb: V, spec: S): ActionId<NS, V, ArgsOf<S>> {
  const names = Object.keys(spec) as (keyof S & string)[];
  const id: ActionId<NS, V, ArgsOf<S>> = {
    ns,
    verb,
    key: `${ns}:${verb}`,
    encode(args) {
      const text = [ns, verb, ...names.map((n) => (spec[n] as ArgCodec<unknown>).encode(args[n]))].join(':');
      const parts = decodeParts(text);
      const back = parts.ok ? id.decode(parts.parts) : parts;
      if (!back.ok) throw new Error(`cannot encode action ${JSON.stringify({ ns, verb, ...args })}: ${back.error}`);
      return text;
    },
    decode(parts) {
      if (parts.length !== names.length) return { ok: false, error: 'an unknown action' };
      const args: Record<string, unknown> = {};
      for (const [i, name] of names.entries()) {
        const codec = spec[name] as ArgCodec<unknown>;
        const value = codec.decode(parts[i]!);
        if (value === undefined) return { ok: false, error: codec.problem };
        args[name] = value;
      }
      return { ok: true, args: args as ArgsOf<S> };
    },
  };
  return id;
}

/** The first checks of any id, before its kind is known: text, length, argument characters. */
export function decodeParts(id: unknown): { ok: true; key: string; parts: string[] } | { ok: false; error: string } {
  if (typeof id !== 'string') return { ok: false, error: 'the action id is not text' };
  if (id.length === 0 || id.length > MAX_ACTION_ID_LENGTH) return { ok: false, error: 'the action id has a bad length' };
  const [ns = '', verb = '', ...parts] = id.split(':');
  if (!parts.every((p) => ARG.test(p))) return { ok: false, error: `a malformed argument in action id "${id.slice(0, 100)}"` };
  return { ok: true, key: `${ns}:${verb}`, parts };
}
