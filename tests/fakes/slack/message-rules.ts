/**
 * Slack's Block Kit limits for a message (chat.postMessage, chat.update, chat.postEphemeral, a response URL), as
 * its API enforces them: what the fake refuses with invalid_blocks. From Slack's reference of blocks and block
 * elements: at most 50 blocks, each block_id unique in the message; a header of at most 150 characters, a
 * section's text at most 3,000 and at most 10 fields; a context block of 1 to 10 elements; an actions block of 1 to
 * 25 elements; a button's text at most 75 characters, its action_id at most 255 and unique in its block.
 */
export function blockKitProblems(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks) || blocks.length > 50) return ['blocks: at most 50'];
  const problems: string[] = [];
  const blockIds = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const text = (value: unknown, max: number, what: string) => {
      if (typeof value === 'string' && value.length > max) problems.push(`blocks.${i}.${what}: at most ${max} characters`);
    };
    if (block?.block_id !== undefined) {
      if (blockIds.has(block.block_id)) problems.push(`blocks.${i}.block_id: duplicated in the message`);
      blockIds.add(block.block_id);
    }
    if (block?.type === 'header') text(block.text?.text, 150, 'text');
    if (block?.type === 'section') {
      text(block.text?.text, 3000, 'text');
      if (Array.isArray(block.fields) && block.fields.length > 10) problems.push(`blocks.${i}.fields: at most 10`);
    }
    if (block?.type === 'context' && (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 10))
      problems.push(`blocks.${i}.elements: 1 to 10`);
    if (block?.type !== 'actions') continue;
    const ids = new Set<string>();
    const elements = block.elements;
    if (!Array.isArray(elements) || elements.length < 1 || elements.length > 25) {
      problems.push(`blocks.${i}.elements: 1 to 25`);
      continue;
    }
    for (const [j, element] of elements.entries()) {
      if (element?.type !== 'button') continue;
      text(element.text?.text, 75, `elements.${j}.text`);
      const id = element.action_id;
      if (typeof id !== 'string' || id.length < 1 || id.length > 255)
        problems.push(`blocks.${i}.elements.${j}.action_id: 1 to 255 characters`);
      else if (ids.has(id)) problems.push(`blocks.${i}.elements.${j}.action_id: duplicated in the block`);
      else ids.add(id);
    }
  }
  return problems;
}
