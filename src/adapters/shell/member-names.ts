import { createHash } from 'node:crypto';

/**
 * In the terminal a member is whoever the name typed says ("as Дмитрий"): their id is derived from that name.
 * Store keys take ids of [A-Za-z0-9_.-], up to 64 characters (see keys.ts), so the id cannot always be the name.
 */

/** Names in the terminal are cut at 64 characters: what the key rules allow an id, and what render.ts shows. */
export const SHELL_NAME_MAX = 64;

/**
 * The ids that earlier versions gave ASCII names were cut at 32 characters: kept, so that an upgrade finds
 * everyone's history under the id it was written with.
 */
const ASCII_ID_MAX = 32;
/** Readable part of a non-ASCII name's id; the hash after it is what tells the names apart. */
const SLUG_MAX = 20;
/** 40 bits of the name's hash: two different names of one local team share an id only by a freak accident. */
const HASH_CHARS = 10;

/**
 * The name as members compare names: Unicode NFKC (so "ﬁ" is "fi" and a full-width "Ａ" is "A"), without case
 * (upper then lower case, so "STRASSE" and "straße" and the Greek final sigma compare equal), spaces collapsed.
 */
function folded(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/** A name's cut for display: whole characters (a surrogate pair is never split), at most SHELL_NAME_MAX. */
export function shellDisplayName(name: string): string {
  return [...name].slice(0, SHELL_NAME_MAX).join('');
}

/**
 * The member id a name stands for; names equal as folded() compares them share it, and no others in practice.
 * An ASCII name keeps the id earlier versions gave it (lower case, only [a-z0-9_.-] kept, 32 characters; "member"
 * when nothing is left), so existing terminal data keeps working. Any other name gets an ASCII slug of it (accents
 * dropped) and a hash of the whole folded name: "Zoë" and "Zoé", or two all-Cyrillic names, are different members.
 */
export function shellMemberId(name: string): string {
  const key = folded(name);
  const kept = (text: string) => text.replace(/[^a-z0-9_.-]/g, '');
  if (/^\p{ASCII}*$/u.test(key)) return kept(key).slice(0, ASCII_ID_MAX) || 'member';
  const slug = kept(key.normalize('NFD').replace(/\p{M}/gu, '')).slice(0, SLUG_MAX) || 'm';
  return `${slug}-${createHash('sha256').update(key).digest('hex').slice(0, HASH_CHARS)}`;
}

/**
 * A member named in a command option ("quiz streak Alice", "quiz stats @Zoë", "setup add-admin=<@lead>"): the id of
 * that name, by the same mapping as "as <name>", so case does not matter. An id as the shell shows it ("@zoe-…") is
 * a name that maps to itself. Undefined when no name is left.
 */
export function shellMemberReference(typed: string): string | undefined {
  const name = typed
    .trim()
    .replace(/^<@!?([^>|]*)(\|[^>]*)?>$/u, '$1')
    .replace(/^@/, '')
    .trim();
  return name === '' ? undefined : shellMemberId(name);
}
