/**
 * A strict multipart/form-data reader for the fakes: discord.js sends files as parts beside payload_json, and
 * Slack's WebClient posts an upload's bytes as the part "body". Anything malformed throws, so a bot that sends a
 * broken body fails the test instead of passing by accident.
 */
export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function isMultipart(contentType: string | undefined): boolean {
  return /^multipart\/form-data/i.test(contentType ?? '');
}

export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new Error(`multipart body without a boundary: ${contentType}`);
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at !== 0) throw new Error('multipart body does not start with its boundary');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return parts;
    if (body.subarray(at, at + 2).toString() !== '\r\n') throw new Error('multipart boundary not followed by CRLF');
    const headerEnd = body.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) throw new Error('multipart part without the blank line after its headers');
    const headers = body.subarray(at + 2, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd);
    if (next < 0) throw new Error('multipart body ends without its closing boundary');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers);
    if (!disposition) throw new Error(`multipart part without Content-Disposition: ${headers}`);
    const name = /\bname="([^"]*)"/.exec(disposition[1]!)?.[1];
    if (name === undefined) throw new Error(`multipart part without a name: ${headers}`);
    parts.push({
      name,
      filename: /\bfilename="([^"]*)"/.exec(disposition[1]!)?.[1],
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim(),
      data: body.subarray(headerEnd + 4, next),
    });
    at = next + 2;
  }
}
