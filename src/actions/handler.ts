import type { CommandContext } from '../commands/command.js';
import type { ActionFor, ActionKey } from '../core/actions.js';
import { stale } from '../core/shared/errors.js';
import type { FormInput, Reply } from '../core/shared/messages.js';

/** A button's context is a command's: the engine, who clicked where, the team's settings. */
export type ActionContext = CommandContext;

/**
 * What one kind of button does. `click`: the button was pressed. `submit`: the form it opened was sent, with the
 * member's text. The member is the one from the event; the id only says which button.
 */
export interface ActionHandler<K extends ActionKey> {
  click?(ctx: ActionContext, action: ActionFor<K>): Promise<Reply>;
  submit?(ctx: ActionContext, action: ActionFor<K>, input: FormInput): Promise<Reply>;
}

/** The click of an id that only a form sends (a forged or replayed one): says how to open the form again. */
export const formOnly = (what: string) => async (): Promise<Reply> => {
  throw stale(`That form has to be filled in: ${what} again.`);
};
