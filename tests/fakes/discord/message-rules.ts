/**
 * Discord's rules for a message's text, embeds and buttons, as its API enforces them on a channel post, an edit, an
 * interaction's reply or follow-up: what the fake refuses with 400 "Invalid Form Body" (code 50035). From
 * Discord's documentation of message components (action rows, buttons) and embed limits.
 */
export function messageProblems(body: any): string[] {
  const problems: string[] = [];
  if (typeof body?.content === 'string' && body.content.length > 2000) problems.push('content: at most 2000 characters');
  const rows = body?.components;
  if (rows !== undefined) {
    if (!Array.isArray(rows) || rows.length > 5) problems.push('components: at most 5 action rows');
    const ids = new Set<string>();
    for (const [i, row] of (Array.isArray(rows) ? rows : []).entries()) {
      const buttons = row?.components;
      if (row?.type !== 1 || !Array.isArray(buttons) || buttons.length < 1 || buttons.length > 5) {
        problems.push(`components.${i}: an action row of 1 to 5 buttons`);
        continue;
      }
      // A select menu (types 3, 5–8) fills its row alone.
      if (buttons.some((c: any) => [3, 5, 6, 7, 8].includes(c?.type))) {
        if (buttons.length > 1) problems.push(`components.${i}: a select menu must be alone in its row`);
        continue;
      }
      for (const [j, button] of buttons.entries()) {
        const at = `components.${i}.components.${j}`;
        if (button?.type !== 2) problems.push(`${at}.type: 2 (button)`);
        if (typeof button?.label === 'string' && button.label.length > 80) problems.push(`${at}.label: at most 80 characters`);
        if (button?.style === 5) continue; // a link button has a url, no custom id
        const id = button?.custom_id;
        if (typeof id !== 'string' || id.length < 1 || id.length > 100) problems.push(`${at}.custom_id: 1 to 100 characters`);
        else if (ids.has(id)) problems.push(`${at}.custom_id: duplicated in the message`);
        else ids.add(id);
      }
    }
  }
  const embeds = body?.embeds;
  if (embeds !== undefined) {
    if (!Array.isArray(embeds) || embeds.length > 10) problems.push('embeds: at most 10');
    let total = 0;
    for (const [i, embed] of (Array.isArray(embeds) ? embeds : []).entries()) {
      const limit = (text: unknown, max: number, what: string) => {
        if (typeof text !== 'string') return;
        total += text.length;
        if (text.length > max) problems.push(`embeds.${i}.${what}: at most ${max} characters`);
      };
      limit(embed?.title, 256, 'title');
      limit(embed?.description, 4096, 'description');
      limit(embed?.footer?.text, 2048, 'footer.text');
      limit(embed?.author?.name, 256, 'author.name');
      if ((embed?.fields ?? []).length > 25) problems.push(`embeds.${i}.fields: at most 25`);
      for (const [j, field] of (embed?.fields ?? []).entries()) {
        limit(field?.name, 256, `fields.${j}.name`);
        limit(field?.value, 1024, `fields.${j}.value`);
      }
    }
    if (total > 6000) problems.push(`embeds: ${total} characters in all, at most 6000`);
  }
  return problems;
}
