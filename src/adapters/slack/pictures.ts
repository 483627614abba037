import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/ports/logger.js';
import type { OutMessage } from '../../core/shared/messages.js';
import type { Pictures } from '../../pictures/pictures.js';
import { drawPicture } from '../pictures.js';

/** A picture as an image block shows it: an uploaded file's id, and its alt text. */
export interface SlackImage {
  fileId: string;
  alt: string;
}

/** Upload ids remembered per workspace and picture: a question's chart is uploaded once per workspace. */
const REMEMBERED = 2000;

/**
 * Pictures on Slack: uploaded the way Slack asks (files.getUploadURLExternal, the bytes POSTed to that URL, then
 * files.completeUploadExternal), shared to no channel so that an image block (slack_file) can show the file in any
 * message, ephemeral ones too; the file id is kept per workspace and picture and reused.
 */
export class SlackPictures {
  private readonly uploads = new Map<string, Promise<string>>();

  constructor(
    private readonly client: WebClient,
    /** The workspace's bot token: every upload names it (a distributed app has one per workspace). */
    private readonly tokenFor: (teamId: string) => Promise<string>,
    private readonly pictures: Pictures,
    private readonly log: Logger,
  ) {}

  /** The message (with the picture's alt text as a line if it could not be drawn or uploaded) and its image. */
  async prepare(teamId: string, message: OutMessage): Promise<{ message: OutMessage; image?: SlackImage }> {
    const drawn = await drawPicture(this.pictures, message, this.log);
    if (!drawn.picture) return { message: drawn.message };
    const { file, alt } = drawn.picture;
    const key = `${teamId}:${file.key}`;
    let upload = this.uploads.get(key);
    if (upload) this.uploads.delete(key);
    else upload = this.upload(teamId, file.name, file.data, alt);
    this.uploads.set(key, upload);
    while (this.uploads.size > REMEMBERED) this.uploads.delete(this.uploads.keys().next().value!);
    try {
      return { message, image: { fileId: await upload, alt } };
    } catch (error) {
      // Not remembered: the next message tries again.
      if (this.uploads.get(key) === upload) this.uploads.delete(key);
      this.log.warn({ err: error, teamId, picture: file.name }, 'a picture could not be uploaded: the message goes without it');
      return { message: withAltText(message, alt) };
    }
  }

  /**
   * Sends a message with its picture; if Slack refuses the image block (invalid_blocks: the file was deleted, or is
   * not ready yet), the file id is forgotten and the message goes again without it, its alt text as a line.
   */
  async send<T>(teamId: string, message: OutMessage, deliver: (message: OutMessage, image?: SlackImage) => Promise<T>): Promise<T> {
    const prepared = await this.prepare(teamId, message);
    try {
      return await deliver(prepared.message, prepared.image);
    } catch (error) {
      const refused = (error as { data?: { error?: string } }).data?.error === 'invalid_blocks';
      if (!prepared.image || !refused) throw error;
      this.forget(teamId, prepared.image.fileId);
      this.log.warn({ teamId, fileId: prepared.image.fileId }, 'Slack refused a picture: the message goes without it');
      return deliver(withAltText(message, prepared.image.alt));
    }
  }

  /** Forgets a workspace's file (Slack refused a block that showed it): the next message uploads it again. */
  forget(teamId: string, fileId: string): void {
    for (const [key, upload] of this.uploads)
      if (key.startsWith(`${teamId}:`)) void upload.then((id) => id === fileId && this.uploads.delete(key)).catch(() => undefined);
  }

  private async upload(teamId: string, filename: string, data: Uint8Array, alt: string): Promise<string> {
    const token = await this.tokenFor(teamId);
    const target = await this.client.files.getUploadURLExternal({ token, filename, length: data.length, alt_text: alt.slice(0, 1000) });
    if (!target.upload_url || !target.file_id) throw new Error('files.getUploadURLExternal gave no upload URL');
    const sent = await fetch(target.upload_url, { method: 'POST', body: data, signal: AbortSignal.timeout(15_000) });
    if (!sent.ok) throw new Error(`the upload URL answered ${sent.status}`);
    // No channel: the file stays unshared, for image blocks in any message of this workspace.
    await this.client.files.completeUploadExternal({ token, files: [{ id: target.file_id, title: filename }] });
    return target.file_id;
  }
}

/** The message without its picture, saying in words what it showed. */
export function withAltText(message: OutMessage, alt: string): OutMessage {
  return { ...message, image: undefined, lines: [...message.lines, [], [{ text: `🖼️ ${alt}` }]] };
}
