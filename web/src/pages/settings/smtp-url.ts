/**
 * The mail page edits an SMTP server as separate fields, while the API keeps it as one URL
 * (`smtp://user:password@host:port`, `smtps://…` for TLS from the start). The API shows the
 * password as `****` and keeps the stored one when `****` comes back for the same server, port,
 * user and parameters, so the form never holds the password and saving unchanged keeps it.
 */

export type SmtpSecurity = 'starttls' | 'require_starttls' | 'tls';

export interface SmtpFields {
  readonly host: string;
  readonly port: string;
  readonly security: SmtpSecurity;
  readonly user: string;
  /** What the user typed; blank keeps the stored password, if there is one. */
  readonly password: string;
}

export interface StoredSmtp {
  readonly fields: SmtpFields;
  readonly hasPassword: boolean;
  /** Parameters the form does not edit (name, timeouts), kept as they are. */
  readonly otherParams: readonly (readonly [string, string])[];
}

export const maskedPassword = '****';

const empty: SmtpFields = { host: '', port: '', security: 'starttls', user: '', password: '' };

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The fields of the masked URL the API shows; blank fields when there is none. */
export function smtpFieldsOf(maskedUrl: string | null): StoredSmtp {
  if (maskedUrl === null) return { fields: empty, hasPassword: false, otherParams: [] };
  let url: URL;
  try {
    url = new URL(maskedUrl);
  } catch {
    return { fields: empty, hasPassword: false, otherParams: [] };
  }
  const requireTls = url.searchParams.get('requireTLS') === 'true';
  const security: SmtpSecurity =
    url.protocol === 'smtps:' ? 'tls' : requireTls ? 'require_starttls' : 'starttls';
  return {
    fields: {
      host: url.hostname,
      port: url.port,
      security,
      user: decode(url.username),
      password: '',
    },
    hasPassword: url.password !== '',
    otherParams: [...url.searchParams.entries()].filter(([name]) => name !== 'requireTLS'),
  };
}

/**
 * The URL to send to the API, or null for no server (delivery then uses the server's SMTP_URL,
 * or holds the messages). A blank password with a stored one sends `****`: the API keeps the
 * stored password if nothing else of the connection changed, and otherwise asks for it again.
 */
export function smtpUrlOf(fields: SmtpFields, stored: StoredSmtp): string | null {
  const host = fields.host.trim();
  if (host === '') return null;
  const scheme = fields.security === 'tls' ? 'smtps' : 'smtp';
  const user = fields.user.trim();
  const password =
    fields.password !== '' ? fields.password : stored.hasPassword && user ? maskedPassword : '';
  const credentials =
    user === ''
      ? ''
      : `${encodeURIComponent(user)}${password === '' ? '' : `:${password === maskedPassword ? password : encodeURIComponent(password)}`}@`;
  const port = fields.port.trim();
  const params = new URLSearchParams(stored.otherParams.map(([name, value]) => [name, value]));
  if (fields.security === 'require_starttls') params.set('requireTLS', 'true');
  const query = params.toString();
  return `${scheme}://${credentials}${host}${port === '' ? '' : `:${port}`}${query === '' ? '' : `?${query}`}`;
}
