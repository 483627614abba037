/**
 * Slack's rules for a modal opened with views.open, as its API enforces them: what the fake refuses with
 * `invalid_arguments` (and the trigger's own rules: a trigger_id is good once, for 3 seconds). From Slack's
 * documentation of views, the input block and plain_text_input.
 */
export function viewProblems(view: any): string[] {
  const problems: string[] = [];
  const plain = (v: any, max: number, what: string) => {
    if (v?.type !== 'plain_text' || typeof v.text !== 'string' || v.text.length < 1 || v.text.length > max)
      problems.push(`${what}: plain_text of 1 to ${max} characters`);
  };
  if (view?.type !== 'modal') problems.push('view.type: modal');
  plain(view?.title, 24, 'view.title');
  if (view?.submit !== undefined) plain(view.submit, 24, 'view.submit');
  if (view?.close !== undefined) plain(view.close, 24, 'view.close');
  if (typeof view?.callback_id === 'string' && view.callback_id.length > 255) problems.push('view.callback_id: at most 255 characters');
  if (typeof view?.private_metadata === 'string' && view.private_metadata.length > 3000)
    problems.push('view.private_metadata: at most 3000 characters');
  const blocks = view?.blocks;
  if (!Array.isArray(blocks) || blocks.length < 1 || blocks.length > 100) problems.push('view.blocks: 1 to 100 blocks');
  for (const [i, block] of (Array.isArray(blocks) ? blocks : []).entries()) {
    if (block?.type !== 'input') continue;
    plain(block.label, 2000, `view.blocks.${i}.label`);
    const element = block.element;
    if (element?.type === 'plain_text_input') {
      const max = element.max_length;
      if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 3000))
        problems.push(`view.blocks.${i}.element.max_length: 1 to 3000`);
      if (typeof element.action_id !== 'string' || element.action_id.length > 255) problems.push(`view.blocks.${i}.element.action_id`);
    }
  }
  return problems;
}
