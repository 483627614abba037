/**
 * Discord's rules for a modal (interaction callback type 9), as its API enforces them: what the fake refuses
 * with 400 "Invalid Form Body" (code 50035). From Discord's documentation of modals and text inputs.
 */
export function modalProblems(data: any, interactionType: number | undefined): string[] {
  const problems: string[] = [];
  // A modal answers a command or a button; a modal's own submit cannot be answered with another modal.
  if (interactionType === 5) problems.push('a MODAL_SUBMIT interaction cannot be answered with a modal');
  const text = (v: unknown, max: number, what: string) => {
    if (typeof v !== 'string' || v.length < 1 || v.length > max) problems.push(`${what}: 1 to ${max} characters`);
  };
  text(data?.custom_id, 100, 'data.custom_id');
  text(data?.title, 45, 'data.title');
  const rows = data?.components;
  if (!Array.isArray(rows) || rows.length < 1 || rows.length > 5) problems.push('data.components: 1 to 5 action rows');
  for (const [i, row] of (Array.isArray(rows) ? rows : []).entries()) {
    const inputs = row?.components;
    if (row?.type !== 1 || !Array.isArray(inputs) || inputs.length !== 1) {
      problems.push(`data.components.${i}: an action row with one text input`);
      continue;
    }
    const input = inputs[0];
    const at = `data.components.${i}.components.0`;
    if (input?.type !== 4) problems.push(`${at}.type: 4 (text input)`);
    text(input?.custom_id, 100, `${at}.custom_id`);
    text(input?.label, 45, `${at}.label`);
    if (input?.style !== 1 && input?.style !== 2) problems.push(`${at}.style: 1 (short) or 2 (paragraph)`);
    const max = input?.max_length;
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 4000)) problems.push(`${at}.max_length: 1 to 4000`);
  }
  return problems;
}
