import type { WebClient } from '@slack/web-api';
import type { FormRequest, InFile, Reply } from '../../core/shared/messages.js';

/** The id of a form field's input block, and of the input in it, by the neutral field's id. */
const blockOf = (fieldId: string) => `field-${fieldId}`;
const FILE_BLOCK = 'file';
const FILE_INPUT = 'file';

/** A neutral form as a Slack modal: an input block per field (multiline when long), or one file input. */
export function formView(form: FormRequest, channelId: string) {
  const blocks = form.file
    ? [
        {
          type: 'input' as const,
          block_id: FILE_BLOCK,
          label: { type: 'plain_text' as const, text: form.file.label.slice(0, 2000) },
          element: { type: 'file_input' as const, action_id: FILE_INPUT, filetypes: [...form.file.extensions], max_files: 1 },
        },
      ]
    : form.fields.map((field) => ({
        type: 'input' as const,
        block_id: blockOf(field.id),
        optional: field.optional ?? false,
        label: { type: 'plain_text' as const, text: field.label.slice(0, 2000) },
        element: {
          type: 'plain_text_input' as const,
          action_id: field.id,
          multiline: field.long ?? false,
          max_length: field.maxLength,
          ...(field.value ? { initial_value: field.value } : {}),
        },
      }));
  return {
    type: 'modal' as const,
    callback_id: form.actionId,
    private_metadata: JSON.stringify({ channel: channelId, fields: form.fields.map((f) => f.id) }),
    title: { type: 'plain_text' as const, text: form.title.slice(0, 24) },
    submit: { type: 'plain_text' as const, text: form.file ? 'Upload' : 'Send' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks,
  };
}

/** Slack waits 3 s for a modal's answer; a reply that takes longer closes the modal and comes as a message. */
const MODAL_ANSWER_MS = 2_000;

type ViewAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

/**
 * Answers a submitted modal: refused answers keep it open with each field's problem under it (nothing the member
 * typed is lost); otherwise it closes, and the reply is for the caller to send. Undefined: the modal stayed open.
 */
export async function answerModal(ack: ViewAck, work: Promise<Reply>): Promise<Reply | undefined> {
  let timer: NodeJS.Timeout | undefined;
  // A failed answer is acknowledged too (the modal closes), then thrown for the listener's error handling.
  const settled = work.catch(() => undefined);
  const quick = await Promise.race([
    settled,
    new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), MODAL_ANSWER_MS))),
  ]);
  clearTimeout(timer);
  const problems = Object.entries(quick?.formProblems ?? {});
  if (problems.length > 0) {
    await ack({
      response_action: 'errors',
      errors: Object.fromEntries(problems.map(([id, problem]) => [blockOf(id), problem.slice(0, 2000)])),
    });
    return undefined;
  }
  await ack();
  return quick ?? (await work);
}

interface SubmittedView {
  private_metadata?: string;
  state: { values: Record<string, Record<string, { value?: string | null; files?: { id: string; name?: string; size?: number }[] }>> };
}

/**
 * What a submitted modal holds: each field's text by id, and the file given to a file input (fetched with the
 * bot's token only when read: files.info for where it is, then its private URL with the token as bearer).
 */
export function formInput(
  view: SubmittedView,
  client: WebClient,
  token: string,
): { channelId: string; text: string; values: Record<string, string>; files: InFile[] } {
  const meta = JSON.parse(view.private_metadata || '{}') as { channel?: string; fields?: string[] };
  const values: Record<string, string> = {};
  for (const id of meta.fields ?? []) values[id] = view.state.values[blockOf(id)]?.[id]?.value ?? '';
  const given = view.state.values[FILE_BLOCK]?.[FILE_INPUT]?.files ?? [];
  const files: InFile[] = given.map((f) => ({
    name: f.name ?? 'upload',
    size: f.size ?? 0,
    read: () => downloadSlackFile(client, token, f.id),
  }));
  return { channelId: meta.channel ?? '', text: Object.values(values)[0] ?? '', values, files };
}

async function downloadSlackFile(client: WebClient, token: string, fileId: string): Promise<Uint8Array> {
  const info = await client.files.info({ file: fileId });
  const url = info.file?.url_private_download ?? info.file?.url_private;
  if (!url) throw new Error(`Slack gave no download URL for file ${fileId}`);
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new Error(`downloading a Slack file failed: HTTP ${response.status}`);
  // Without a valid token (or the files:read scope) Slack answers 200 with its sign-in page, not the file.
  if (response.headers.get('content-type')?.includes('text/html'))
    throw new Error('Slack sent its sign-in page instead of the file (does the app have the files:read scope?)');
  return new Uint8Array(await response.arrayBuffer());
}
