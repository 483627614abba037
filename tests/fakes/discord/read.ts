/** What a member reads in a Discord message body: the embeds' title, text and footer, plus content, with Markdown emphasis and escapes removed. */
export const embedText = (body: Record<string, any>): string =>
  (
    (body.embeds ?? []).map((e: any) => [e.title, e.description, e.footer?.text].filter(Boolean).join('\n')).join('\n') +
    (body.content ?? '')
  )
    .replace(/\*\*/g, '')
    .replace(/\\([*_.~`|>#-])/g, '$1');

/** The buttons of a message body, in order. */
export const buttonsOf = (body: Record<string, any>): any[] => (body.components ?? []).flatMap((row: any) => row.components);

/** The custom id of the button with this label. */
export const customId = (body: Record<string, any>, label: string): string =>
  buttonsOf(body).find((b: any) => b.label === label)!.custom_id as string;
