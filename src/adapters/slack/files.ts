import type { WebClient } from '@slack/web-api';
import type { OutFile } from '../../core/shared/messages.js';

/**
 * A reply's files (a pack exported): a response URL cannot carry files, so they go to the member's direct
 * conversation with the app, uploaded the way Slack asks (an upload URL, then completing the upload).
 */
export async function sendFilesToMember(client: WebClient, token: string, files: readonly OutFile[], userId: string): Promise<void> {
  if (files.length === 0) return;
  const dm = await client.conversations.open({ token, users: userId });
  for (const file of files) {
    await client.filesUploadV2({ token, channel_id: dm.channel!.id!, file: Buffer.from(file.data), filename: file.name, title: file.name });
  }
}
