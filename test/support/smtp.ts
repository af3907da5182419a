import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server inside the test process: it records every message it accepts, parsed into
 * headers, text, HTML and attachments, and can be told to refuse the next N messages with a
 * reply code (451: try again later; 550: refused for good).
 */
export interface ReceivedAttachment {
  readonly fileName: string | null;
  readonly contentType: string;
  readonly content: Buffer;
}

export interface ReceivedMessage {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  /** Header names lower-cased; encoded words decoded. */
  readonly headers: ReadonlyMap<string, string>;
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
  readonly attachments: readonly ReceivedAttachment[];
}

export interface TestSmtpServer {
  readonly url: string;
  readonly received: ReceivedMessage[];
  /** Refuses the next `count` messages with `code` (451 unless told). */
  reject(count: number, code?: number): void;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMessage[] = [];
  let rejections = 0;
  let rejectionCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (rejections > 0) {
          rejections -= 1;
          const error = Object.assign(
            new Error(rejectionCode < 500 ? 'Try again later' : 'Mailbox unavailable'),
            { responseCode: rejectionCode },
          );
          callback(error);
          return;
        }
        const from = session.envelope.mailFrom;
        received.push({
          ...parseMessage(Buffer.concat(chunks).toString('latin1')),
          envelopeFrom: from === false ? '' : from.address,
          envelopeTo: session.envelope.rcptTo.map((address) => address.address),
        });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    reject(count, code = 451) {
      rejections = count;
      rejectionCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------
// A small MIME reader: enough for what nodemailer writes (multipart/mixed and /alternative,
// quoted-printable and base64, RFC 2047 encoded words).

interface Part {
  readonly headers: Map<string, string>;
  readonly body: string;
}

function splitPart(raw: string): Part {
  const separator = raw.indexOf('\r\n\r\n');
  const head = separator === -1 ? raw : raw.slice(0, separator);
  const body = separator === -1 ? '' : raw.slice(separator + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function parameter(header: string | undefined, name: string): string | null {
  const match = new RegExp(`${name}\\*?=(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header ?? '');
  return match ? (match[1] ?? match[2]!) : null;
}

function bytesOf(body: string, encoding: string | undefined): Buffer {
  const kind = (encoding ?? '7bit').toLowerCase();
  if (kind === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (kind === 'quoted-printable') {
    const soft = body.replace(/=\r\n/g, '');
    return Buffer.from(
      soft.replace(/=([0-9A-F]{2})/gi, (_match, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      ),
      'latin1',
    );
  }
  return Buffer.from(body, 'latin1');
}

export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(
      /=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi,
      (_match, _charset: string, kind: string, text: string) =>
        kind.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : bytesOf(text.replace(/_/g, ' '), 'quoted-printable').toString('utf8'),
    );
}

function leaves(part: Part): Part[] {
  const contentType = part.headers.get('content-type') ?? 'text/plain';
  if (!contentType.toLowerCase().startsWith('multipart/')) return [part];
  const boundary = parameter(contentType, 'boundary')!;
  // The line break before each boundary belongs to the boundary, not to the part (RFC 2046).
  const sections = `\r\n${part.body}`.split(`\r\n--${boundary}`);
  return sections
    .slice(1)
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => leaves(splitPart(section.replace(/^\r\n/, ''))));
}

function parseMessage(raw: string): Omit<ReceivedMessage, 'envelopeFrom' | 'envelopeTo'> {
  const message = splitPart(raw);
  const headers = new Map([...message.headers].map(([name, value]) => [name, decodeWords(value)]));
  let text: string | null = null;
  let html: string | null = null;
  const attachments: ReceivedAttachment[] = [];
  for (const leaf of leaves(message)) {
    const contentType = (leaf.headers.get('content-type') ?? 'text/plain')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const content = bytesOf(leaf.body, leaf.headers.get('content-transfer-encoding'));
    const disposition = leaf.headers.get('content-disposition') ?? '';
    if (disposition.toLowerCase().startsWith('attachment')) {
      const name =
        parameter(disposition, 'filename') ?? parameter(leaf.headers.get('content-type'), 'name');
      attachments.push({
        fileName: name === null ? null : decodeWords(name),
        contentType,
        content,
      });
    } else if (contentType === 'text/plain' && text === null) text = content.toString('utf8');
    else if (contentType === 'text/html' && html === null) html = content.toString('utf8');
  }
  return { headers, subject: headers.get('subject') ?? '', text, html, attachments };
}
