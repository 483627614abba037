import type { IncomingMessage } from 'node:http';
import { isMultipart, parseMultipart } from '../multipart.js';

/** A file that reached the fake or that it serves: what a member attached, or what the bot uploaded. */
export interface FakeFile {
  id: string;
  name: string;
  data: Buffer;
  contentType: string;
}

let nextAttachment = 1;

/**
 * Attachments, as Discord keeps them: each file gets an id and a CDN URL on the fake, from which the bot downloads
 * what a member attached and a test reads what the bot uploaded.
 */
export class FakeAttachments {
  private readonly files = new Map<string, FakeFile>();
  /** Every attachment the bot downloaded, by name, in order. */
  readonly downloads: string[] = [];

  constructor(private readonly baseUrl: () => string) {}

  add(name: string, data: Buffer | string, contentType = 'application/octet-stream'): FakeFile {
    const file = { id: String(nextAttachment++), name, data: Buffer.from(data), contentType };
    this.files.set(file.id, file);
    return file;
  }

  url(file: FakeFile): string {
    return `${this.baseUrl()}/attachments/${file.id}/${encodeURIComponent(file.name)}`;
  }

  /** The attachment object Discord puts in messages and in an interaction's resolved data. */
  object(file: FakeFile) {
    const url = this.url(file);
    return { id: file.id, filename: file.name, size: file.data.length, url, proxy_url: url, content_type: file.contentType };
  }

  /** A GET of an attachment URL: its bytes, or undefined if the path is not one. */
  serve(path: string): FakeFile | undefined {
    const m = /^\/attachments\/(\d+)\/([^/]+)$/.exec(path);
    const file = m ? this.files.get(m[1]!) : undefined;
    if (!file || file.name !== decodeURIComponent(m![2]!)) return undefined;
    this.downloads.push(file.name);
    return file;
  }
}

/** A REST request's JSON body and the files sent with it (discord.js sends multipart once a file is attached). */
export async function readRestRequest(
  req: IncomingMessage,
  bytes: Buffer,
  attachments: FakeAttachments,
): Promise<{ body: any; files: FakeFile[] }> {
  const contentType = req.headers['content-type'];
  if (!isMultipart(contentType)) {
    const text = bytes.toString();
    try {
      return { body: text ? JSON.parse(text) : undefined, files: [] };
    } catch {
      return { body: text, files: [] };
    }
  }
  const parts = parseMultipart(bytes, contentType!);
  const payload = parts.find((p) => p.name === 'payload_json');
  const files = parts
    .filter((p) => p.filename !== undefined)
    .map((p) => {
      if (!/^files\[\d+\]$/.test(p.name)) throw new Error(`a file part must be named files[n], not ${p.name}`);
      return attachments.add(p.filename!, p.data, p.contentType);
    });
  return { body: payload ? JSON.parse(payload.data.toString()) : {}, files };
}

/**
 * Discord shows an attached image in an embed through attachment://name: a name that is not among the message's
 * files is an error (the embed would show nothing).
 */
export function missingAttachments(body: any, files: readonly { name: string }[]): string[] {
  const names = new Set(files.map((f) => f.name));
  const refs = JSON.stringify(body?.embeds ?? body?.data?.embeds ?? []).match(/attachment:\/\/[^"]+/g) ?? [];
  return refs.map((r) => r.slice('attachment://'.length)).filter((n) => !names.has(n));
}
