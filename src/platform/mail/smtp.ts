import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import { fail, ok, type Result } from '../../core/result.js';

/**
 * Sending e-mail over SMTP with nodemailer. Settle keeps an SMTP server as one URL,
 * `smtp://user:password@host:port` (STARTTLS when the server offers it) or `smtps://…` (TLS from
 * the start), the form nodemailer reads, with its options as query parameters
 * (`?tls.rejectUnauthorized=false`).
 */
export interface OutgoingMail {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly attachments: readonly {
    readonly fileName: string;
    readonly contentType: string;
    readonly content: Uint8Array;
  }[];
}

export interface Mailer {
  /** Resolves with the server's answer once it has accepted the message; rejects otherwise. */
  send(mail: OutgoingMail): Promise<{ readonly response: string }>;
  close(): void;
}

/** Only SMTP: a `sendmail:` or `file:` URL would let a setting reach the server's files. */
export function parseSmtpUrl(text: string, field = 'smtp_url'): Result<string> {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return fail(
      'smtp_url_invalid',
      `"${text}" is not a URL such as smtp://user:password@mail.example.com:587.`,
      field,
    );
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    return fail('smtp_url_invalid', 'The SMTP URL starts with smtp:// or smtps://.', field);
  }
  if (!url.hostname)
    return fail(
      'smtp_url_invalid',
      'The SMTP URL names a host: smtp://mail.example.com:587.',
      field,
    );
  for (const name of url.searchParams.keys()) {
    if (!smtpUrlParameters.has(name)) {
      return fail(
        'smtp_url_invalid',
        `The SMTP URL may not set "${name}"; it may set ${[...smtpUrlParameters].join(', ')}.`,
        field,
      );
    }
  }
  return ok(trimmed);
}

/**
 * The URL parameters the mailer may take from the settings. Anything else is refused: a "proxy"
 * would route the login, password included, through a host of the sender's choosing, and TLS or
 * address options would weaken or redirect the connection.
 */
const smtpUrlParameters = new Set([
  'secure',
  'requireTLS',
  'name',
  'connectionTimeout',
  'greetingTimeout',
  'socketTimeout',
]);

export const maskedPassword = '****';

/** The URL as it may be shown: the password, if any, replaced by ****. */
export function maskSmtpUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = maskedPassword;
    return url.toString();
  } catch {
    return maskedPassword;
  }
}

/** The user name of an SMTP URL, decoded; mail servers often take the sender's address as user. */
export function smtpUser(text: string): string | null {
  try {
    const user = decodeURIComponent(new URL(text).username);
    return user === '' ? null : user;
  } catch {
    return null;
  }
}

/** A sender when the organization has set none: the SMTP user if it is an address, else settle@<this host>. */
export function defaultSender(displayName: string, smtpUrl: string): string {
  const user = smtpUser(smtpUrl);
  const address = user !== null && /^[^@\s]+@[^@\s]+$/.test(user) ? user : `settle@${hostname()}`;
  return `"${displayName.replace(/["\\\r\n]/g, '')}" <${address}>`;
}

/** The domain of a sender such as `"Acme" <ar@acme.test>`, for Message-IDs. */
export function senderDomain(from: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(from);
  return match ? match[1]! : hostname();
}

/** Whether the server refused the message for good: sending it again would be refused again. */
export function isPermanentFailure(error: unknown): boolean {
  return (error as { permanent?: boolean }).permanent === true;
}

export function errorText(error: unknown): string {
  const detail = error as { response?: string; message?: string };
  return (detail.response ?? detail.message ?? String(error)).slice(0, 1000);
}

// A stuck server must not hold a delivery pass for nodemailer's two-minute default.
const timeouts = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

/** One connection pool to one server, for one delivery pass. */
export function openMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    ...timeouts,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        messageId: mail.messageId,
        from: mail.from,
        to: [...mail.to],
        ...(mail.replyTo === null ? {} : { replyTo: mail.replyTo }),
        subject: mail.subject,
        text: mail.text,
        ...(mail.html === null || mail.html === '' ? {} : { html: mail.html }),
        attachments: mail.attachments.map((attachment) => ({
          filename: attachment.fileName,
          contentType: attachment.contentType,
          content: Buffer.from(attachment.content),
        })),
      });
      return { response: String(info.response ?? '') };
    },
    close() {
      transport.close();
    },
  };
}
