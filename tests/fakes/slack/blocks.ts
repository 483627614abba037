/** Reading Block Kit in assertions. */

/** The visible text of Block Kit blocks (headers, sections, context), for assertions. */
export function blocksText(blocks: any[]): string {
  return blocks
    .flatMap((b) => {
      if (b.type === 'header' || b.type === 'section') return [b.text?.text ?? ''];
      if (b.type === 'context') return b.elements.map((e: any) => e.text);
      return [];
    })
    .join('\n')
    .replace(/(?<!\u200b)\*(?!\u200b)/g, '') // bold markers; content's own asterisks are fenced by zero-width spaces
    .replace(/\u200b/g, '');
}

/** The buttons of Block Kit blocks: label → action id. */
export function blockButtons(blocks: any[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const b of blocks) if (b.type === 'actions') for (const e of b.elements) out[e.text.text] = e.action_id;
  return out;
}
