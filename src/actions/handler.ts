import type { CommandContext } from '../commands/command.js';
import type { ActionFor, ActionKey } from '../core/actions.js';
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
