import type { IncomingMessage, ServerResponse } from 'node:http';
import { isMultipart, parseMultipart } from '../multipart.js';

/** A file in the fake workspace: one a member shared, or one the app uploaded. */
export interface FakeSlackFile {
  id: string;
  name: string;
  data: Buffer;
  /** Set once files.completeUploadExternal finished an upload (a member's files are complete from the start). */
  complete: boolean;
  /** Where a completed upload was shared (none: uploaded but not shared, to be referenced in blocks). */
  channels: string[];
  /** What the uploader declared with files.getUploadURLExternal. */
  declaredLength?: number;
  title?: string;
}

type Send = (status: number, body: unknown) => void;

let nextFile = 1;

/**
 * Files on the fake Slack, as strict as Slack: uploads take two Web API calls around a POST of the bytes to the
 * upload URL (its length as declared), and a file's private URL answers only to the workspace's bot token — without
 * it Slack serves its sign-in page (HTML, status 200), which a careless bot would read as the file.
 */
export class FakeSlackFiles {
  readonly files = new Map<string, FakeSlackFile>();
  /** Each GET of a private file URL: the file and the Authorization header it came with. */
  readonly downloads: { fileId: string; authorization?: string }[] = [];

  constructor(
    private readonly baseUrl: () => string,
    /** Whether a token is some workspace's current bot token. */
    private readonly isBotToken: (token: string) => boolean,
  ) {}

  /** A file a member shared (a modal's file input, a direct message), with the metadata Slack gives the app. */
  share(name: string, data: Buffer | string): FakeSlackFile {
    const file = { id: `F${String(nextFile++).padStart(9, '0')}`, name, data: Buffer.from(data), complete: true, channels: [] };
    this.files.set(file.id, file);
    return file;
  }

  /** What the app uploaded and completed, in order. */
  uploaded(): FakeSlackFile[] {
    return [...this.files.values()].filter((f) => f.declaredLength !== undefined && f.complete);
  }

  /**
   * Why Slack would refuse these blocks, or undefined: an image block needs alt text, and a slack_file it shows must
   * be a file of this workspace whose upload was completed (Slack answers invalid_blocks otherwise).
   */
  blockProblem(blocks: unknown): string | undefined {
    for (const block of Array.isArray(blocks) ? blocks : []) {
      if (block?.type !== 'image') continue;
      if (typeof block.alt_text !== 'string' || block.alt_text === '') return 'an image block needs alt_text';
      const id = block.slack_file?.id;
      if (block.slack_file && !this.files.get(id)?.complete) return `the image block's slack_file ${id} is not an uploaded file`;
    }
    return undefined;
  }

  private privateUrl(file: FakeSlackFile): string {
    return `${this.baseUrl()}/files-pri/${file.id}/${encodeURIComponent(file.name)}`;
  }

  /** The files.* Web API methods; false when the method is not one of them. */
  method(method: string, args: Record<string, any>, send: Send): boolean {
    switch (method) {
      case 'files.info': {
        const file = this.files.get(args.file);
        if (!file?.complete) return refuse(send, 'file_not_found');
        const url = this.privateUrl(file);
        send(200, {
          ok: true,
          file: { id: file.id, name: file.name, size: file.data.length, url_private: url, url_private_download: url },
        });
        return true;
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !Number.isInteger(length) || length <= 0) return refuse(send, 'invalid_arguments');
        const file: FakeSlackFile = {
          id: `F${String(nextFile++).padStart(9, '0')}`,
          name: String(args.filename),
          data: Buffer.alloc(0),
          complete: false,
          channels: [],
          declaredLength: length,
        };
        this.files.set(file.id, file);
        send(200, { ok: true, upload_url: `${this.baseUrl()}/upload/${file.id}`, file_id: file.id });
        return true;
      }
      case 'files.completeUploadExternal': {
        const list = (typeof args.files === 'string' ? JSON.parse(args.files) : args.files) as { id: string; title?: string }[];
        const files = list.map((f) => ({ entry: f, file: this.files.get(f.id) }));
        // Completing a file whose bytes never arrived (or arrived short) is what Slack refuses.
        if (files.some(({ file }) => !file || file.complete || file.data.length !== file.declaredLength))
          return refuse(send, 'upload_not_complete');
        for (const { entry, file } of files) {
          file!.complete = true;
          file!.title = entry.title;
          if (args.channel_id) file!.channels.push(String(args.channel_id));
        }
        send(200, { ok: true, files: files.map(({ file }) => ({ id: file!.id, name: file!.name, title: file!.title })) });
        return true;
      }
      default:
        return false;
    }
  }

  /** Plain HTTP paths: the upload URL (POST of the bytes) and private URLs (GET with the bot token). */
  async http(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<boolean> {
    const path = new URL(req.url ?? '/', this.baseUrl()).pathname;
    let m = /^\/upload\/(F\d+)$/.exec(path);
    if (m && req.method === 'POST') {
      const file = this.files.get(m[1]!);
      if (!file || file.complete) return end(res, 404, 'text/plain', 'unknown upload');
      // Slack's WebClient posts the bytes as the multipart field "body"; a raw body is accepted too.
      const data = isMultipart(req.headers['content-type'])
        ? parseMultipart(body, req.headers['content-type']!).find((p) => p.name === 'body' || p.name === 'file')?.data
        : body;
      if (!data || data.length !== file.declaredLength) return end(res, 400, 'text/plain', 'length does not match the declared length');
      file.data = Buffer.from(data);
      return end(res, 200, 'text/plain', `OK - ${data.length}`);
    }
    m = /^\/files-pri\/(F\d+)\/([^/]+)$/.exec(path);
    if (m && req.method === 'GET') {
      const file = this.files.get(m[1]!);
      this.downloads.push({ fileId: m[1]!, authorization: req.headers.authorization });
      if (!this.isBotToken(req.headers.authorization?.replace(/^Bearer /, '') ?? ''))
        return end(res, 200, 'text/html', '<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
      if (!file?.complete) return end(res, 404, 'text/plain', 'file_not_found');
      return end(res, 200, 'application/octet-stream', file.data);
    }
    return false;
  }
}

function end(res: ServerResponse, status: number, contentType: string, body: string | Buffer): true {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
  return true;
}

/** A Web API method of this module answering with a Slack error: handled. */
function refuse(send: Send, error: string): true {
  send(200, { ok: false, error });
  return true;
}
