import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { limits } from '../core/limits.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import { maskedPassword, maskSmtpUrl, parseSmtpUrl } from '../platform/mail/smtp.js';
import {
  mailSettingsOf,
  updateMailSettingsRow,
  type CompanyDetails,
  type MailSettings,
} from './outbox.sql.js';

/**
 * Where an organization's e-mail goes out (an SMTP URL), who it is from, the company details
 * shown in messages and the link to pay online. The SMTP password is never shown: the URL comes
 * back with `****` in its place, and sending that masked URL back keeps the stored password, so
 * that a form can show the settings and save them unchanged.
 */
export type SmtpSource = 'organization' | 'environment' | 'none';

export interface MailSettingsReport {
  /** Masked. */
  readonly smtpUrl: string | null;
  /** Which settings delivery uses: the organization's URL, SMTP_URL, or none (messages are held). */
  readonly smtpSource: SmtpSource;
  readonly mailFrom: string | null;
  readonly companyDetails: CompanyDetails;
  readonly portalUrl: string | null;
}

export interface MailSettingsChanges {
  /** Omitted: unchanged; null: none (SMTP_URL then applies, if set). */
  readonly smtpUrl?: string | null | undefined;
  readonly mailFrom?: string | null | undefined;
  /** Each detail given replaces the stored one; null clears them all. */
  readonly companyDetails?: Partial<CompanyDetails> | null | undefined;
  readonly portalUrl?: string | null | undefined;
}

function report(settings: MailSettings, env: NodeJS.ProcessEnv): MailSettingsReport {
  const smtpSource: SmtpSource =
    settings.smtpUrl !== null ? 'organization' : env.SMTP_URL?.trim() ? 'environment' : 'none';
  return {
    smtpUrl: settings.smtpUrl === null ? null : maskSmtpUrl(settings.smtpUrl),
    smtpSource,
    mailFrom: settings.mailFrom,
    companyDetails: settings.companyDetails,
    portalUrl: settings.portalUrl,
  };
}

async function loadSettings(database: Database, orgId: string): Promise<MailSettings> {
  return (await mailSettingsOf(database.db, [orgId])).get(orgId)!;
}

/** The organization's mail settings, the SMTP password masked. */
export async function getMailSettings(
  database: Database,
  actor: Actor,
  env: NodeJS.ProcessEnv = process.env,
): Promise<MailSettingsReport> {
  return report(await loadSettings(database, actor.orgId), env);
}

// ---------------------------------------------------------------------------------------------
// Checks

const addressPattern = /^[^\s@<>"]+@[^\s@<>"]+$/;
const senderPattern = /^(?:"?[^"<>\r\n]*"?\s*<[^\s@<>"]+@[^\s@<>"]+>|[^\s@<>"]+@[^\s@<>"]+)$/;

function optionalText(
  value: string | null | undefined,
  field: string,
  lengthMax: number = limits.textLengthMax,
): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > lengthMax)
    throw new AppError('invalid', 'text_too_long', `At most ${lengthMax} characters.`, field);
  return trimmed === '' ? null : trimmed;
}

/** The URL without its password: what must not change for a stored password to be kept. */
function withoutPassword(url: URL): string {
  const copy = new URL(url.toString());
  copy.password = '';
  return copy.toString();
}

/**
 * A masked password sent back means "keep the one stored", but only for exactly the stored
 * connection: any other scheme, host, port, user or parameter needs the password again, or an
 * admin who cannot see it could have it sent to a server of their choosing.
 */
function withStoredPassword(given: string, stored: string | null): string {
  const url = new URL(given);
  if (url.password !== maskedPassword) return given;
  const previous = stored === null ? null : new URL(stored);
  if (previous === null || withoutPassword(previous) !== withoutPassword(url)) {
    throw new AppError(
      'invalid',
      'smtp_password_required',
      'Give the SMTP password again: the server, port, user or parameters changed.',
      'smtp_url',
    );
  }
  url.password = previous.password;
  return url.toString();
}

function checkedSmtpUrl(value: string | null, stored: string | null): string | null {
  const text = optionalText(value, 'smtp_url');
  if (text === null) return null;
  return withStoredPassword(unwrap(parseSmtpUrl(text, 'smtp_url')), stored);
}

function checkedSender(value: string | null): string | null {
  const text = optionalText(value, 'mail_from', 320);
  if (text !== null && !senderPattern.test(text)) {
    throw new AppError(
      'invalid',
      'mail_from_invalid',
      `"${text}" is not an address such as ar@example.com or "Example Ltd" <ar@example.com>.`,
      'mail_from',
    );
  }
  return text;
}

function checkedPortalUrl(value: string | null): string | null {
  const text = optionalText(value, 'portal_url');
  if (text === null) return null;
  let protocol = '';
  try {
    protocol = new URL(text).protocol;
  } catch {
    // Refused below.
  }
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new AppError(
      'invalid',
      'portal_url_invalid',
      'The portal link is an http:// or https:// URL.',
      'portal_url',
    );
  }
  return text;
}

function checkedCompanyDetails(
  given: Partial<CompanyDetails> | null,
  stored: CompanyDetails,
): CompanyDetails {
  if (given === null)
    return { name: null, email: null, phone: null, address: null, bankDetails: null };
  const pick = (key: keyof CompanyDetails, field: string) =>
    given[key] === undefined ? stored[key] : optionalText(given[key], `company_details.${field}`);
  const details: CompanyDetails = {
    name: pick('name', 'name'),
    email: pick('email', 'email'),
    phone: pick('phone', 'phone'),
    address: pick('address', 'address'),
    bankDetails: pick('bankDetails', 'bank_details'),
  };
  if (details.email !== null && !addressPattern.test(details.email)) {
    throw new AppError(
      'invalid',
      'email_invalid',
      `"${details.email}" is not an e-mail address.`,
      'company_details.email',
    );
  }
  return details;
}

function applyChanges(stored: MailSettings, changes: MailSettingsChanges): MailSettings {
  return {
    organizationName: stored.organizationName,
    smtpUrl:
      changes.smtpUrl === undefined
        ? stored.smtpUrl
        : checkedSmtpUrl(changes.smtpUrl, stored.smtpUrl),
    mailFrom: changes.mailFrom === undefined ? stored.mailFrom : checkedSender(changes.mailFrom),
    companyDetails:
      changes.companyDetails === undefined
        ? stored.companyDetails
        : checkedCompanyDetails(changes.companyDetails, stored.companyDetails),
    portalUrl:
      changes.portalUrl === undefined ? stored.portalUrl : checkedPortalUrl(changes.portalUrl),
  };
}

/** What the audit log keeps: the settings with the password masked. */
function auditView(settings: MailSettings) {
  return {
    smtp_url: settings.smtpUrl === null ? null : maskSmtpUrl(settings.smtpUrl),
    mail_from: settings.mailFrom,
    company_details: settings.companyDetails,
    portal_url: settings.portalUrl,
  };
}

/**
 * Changes the settings given, leaving the others as they are. Messages held for want of SMTP
 * settings go back in line at the next delivery pass once there are some.
 * Codes: smtp_url_invalid (field smtp_url), mail_from_invalid, email_invalid
 * (company_details.email), portal_url_invalid, text_too_long.
 */
export async function updateMailSettings(
  database: Database,
  actor: Actor,
  changes: MailSettingsChanges,
  env: NodeJS.ProcessEnv = process.env,
): Promise<MailSettingsReport> {
  const after = await database.transaction(async ({ db }) => {
    const before = (await mailSettingsOf(db, [actor.orgId], { forUpdate: true })).get(actor.orgId)!;
    const updated = applyChanges(before, changes);
    if (
      JSON.stringify(auditView(updated)) === JSON.stringify(auditView(before)) &&
      updated.smtpUrl === before.smtpUrl
    )
      return before;
    await updateMailSettingsRow(db, actor.orgId, updated);
    await recordAudit(db, actor, [
      {
        action: 'mail_settings.updated',
        entityType: 'organization',
        entityId: actor.orgId,
        before: auditView(before),
        after: auditView(updated),
      },
    ]);
    return updated;
  });
  return report(after, env);
}
