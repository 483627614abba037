import { type Button, cleanText, type OutMessage } from '../../core/shared/messages.js';

/** A message the shell printed, numbered in the order shown; its buttons are clicked by label. */
export interface ShownMessage {
  number: number;
  message: OutMessage;
  /** Who may click it: everyone for public posts, one member for private replies. */
  owner?: string;
  /** The channel it is in; none for a direct message, which can be clicked from anywhere. */
  channelId?: string;
}

/**
 * What a typed line clicks: a button, several that its first words fit (the labels to choose from), or nothing
 * with the reason why (`refused`: a message number that does not exist, a closed question's buttons).
 */
export type Click = { shown: ShownMessage; actionId: string } | { ambiguous: string[] } | { refused: string };

const TYPED = /^(?:#(\d+)\s+)?(.+)$/;

/**
 * "B" clicks B on the newest message this member can see that has it; "#3 B" picks message 3. A label may be
 * shortened to its first words ("yes" for "Yes, forget me"), looked up on the newest message where it matches
 * any button: when it matches several there, the labels come back to choose from (never an older message's).
 * Undefined: the line names no button at all (not a click).
 */
export function clickFor(shown: readonly ShownMessage[], userId: string, text: string, channelId?: string): Click | undefined {
  const m = TYPED.exec(text);
  if (!m) return undefined;
  const number = m[1];
  const label = m[2]!.trim().toLowerCase();
  const visible = (s: ShownMessage) => s.owner === undefined || s.owner === userId;
  // Without a number, a message of the channel typed in (or a direct message), as a member clicks what they see.
  const here = (s: ShownMessage) =>
    number !== undefined || s.channelId === undefined || channelId === undefined || s.channelId === channelId;
  const candidates = shown.filter((s) => (number ? String(s.number) === number : true) && visible(s) && here(s)).reverse();
  const open = matching(candidates, label, (b) => !b.disabled);
  if (open && open.buttons.length === 1) return { shown: open.shown, actionId: open.buttons[0]!.actionId };
  if (open) return { ambiguous: open.buttons.map((b) => b.label) };
  // The member meant a button, and it is closed (a daily or round question that ended): say so, not "unknown".
  const closed = matching(candidates, label, (b) => b.disabled === true);
  if (closed) return { refused: closedText(closed.shown, closed.buttons) };
  if (number === undefined) {
    const elsewhere = matching(shown.filter(visible).reverse(), label, (b) => !b.disabled);
    if (!elsewhere) return undefined;
    const { number: n, channelId: where } = elsewhere.shown;
    return {
      refused: `No button "${cleanText(m[2]!.trim()).slice(0, 60)}" in #${channelId}: message #${n} in #${where} has one (type #${n} ${m[2]!.trim().slice(0, 60)}).`,
    };
  }
  return { refused: noSuchButton(shown, number, m[2]!.trim(), visible) };
}

/** Buttons of the newest candidate whose label is the typed one, else whose label starts with its words. */
function matching(candidates: readonly ShownMessage[], label: string, usable: (b: Button) => boolean) {
  const startsWords = (b: Button) => b.label.toLowerCase().startsWith(label) && !/[\p{L}\p{N}]/u.test(b.label.charAt(label.length));
  const buttons = (shown: ShownMessage) => (shown.message.buttons ?? []).filter(usable);
  for (const shown of candidates) {
    const exact = buttons(shown).find((b) => b.label.toLowerCase() === label);
    if (exact) return { shown, buttons: [exact] };
  }
  for (const shown of candidates) {
    const fits = buttons(shown).filter(startsWords);
    if (fits.length > 0) return { shown, buttons: fits };
  }
  return undefined;
}

function closedText(shown: ShownMessage, clicked: readonly Button[]): string {
  const all = shown.message.buttons ?? [];
  if (clicked.length > 1 || all.every((b) => b.disabled)) return `Message #${shown.number}'s buttons are closed.`;
  return `Message #${shown.number}'s button "${cleanText(clicked[0]!.label)}" is closed.`;
}

/** Why "#n label" clicks nothing: no message n, one sent to someone else, or no button of that label on it. */
function noSuchButton(shown: readonly ShownMessage[], number: string, typed: string, visible: (s: ShownMessage) => boolean): string {
  const target = shown.find((s) => String(s.number) === number);
  if (!target) return `There is no message #${number}.`;
  if (!visible(target)) return `Message #${number} was sent privately to another member: only they can click its buttons.`;
  const labels = (target.message.buttons ?? []).map((b) => `"${cleanText(b.label)}"`);
  if (labels.length === 0) return `Message #${number} has no buttons.`;
  return `Message #${number} has no button "${cleanText(typed).slice(0, 60)}" (its buttons: ${labels.join(', ')}).`;
}
