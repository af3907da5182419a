import type { Actor } from '../core/actor.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database } from '../platform/db/database.js';
import {
  defaultSender,
  errorText,
  maskSmtpUrl,
  openMailer,
  parseSmtpUrl,
  senderDomain,
} from '../platform/mail/smtp.js';
import { mailSettingsOf } from './outbox.sql.js';

const addressPattern = /^[^\s@<>"]+@[^\s@<>"]+$/;

export interface TestMailResult {
  readonly to: string;
  readonly from: string;
  /** The relay's answer once it took the message, e.g. "250 2.0.0 Ok: queued as 4F1…". */
  readonly response: string;
  readonly smtpSource: 'organization' | 'environment';
}

/**
 * Sends one short message through the relay delivery would use (the organization's SMTP URL,
 * else SMTP_URL) and with the sender it would use, so that whoever sets up the mail sees at once
 * whether the settings work, and what the relay said when they do not. The attempt is in the
 * audit log: it sends mail in the organization's name.
 * Codes: email_invalid (field to), smtp_not_configured (smtp_url), smtp_test_failed (smtp_url).
 */
export async function sendTestMail(
  database: Database,
  actor: Actor,
  input: { readonly to: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<TestMailResult> {
  const to = input.to.trim();
  if (!addressPattern.test(to))
    throw new AppError('invalid', 'email_invalid', `"${input.to}" is not an e-mail address.`, 'to');
  const settings = (await mailSettingsOf(database.db, [actor.orgId])).get(actor.orgId)!;
  const envUrl = env.SMTP_URL?.trim() ? unwrap(parseSmtpUrl(env.SMTP_URL, 'SMTP_URL')) : null;
  const url = settings.smtpUrl ?? envUrl;
  if (url === null)
    throw new AppError(
      'conflict',
      'smtp_not_configured',
      'There is no SMTP server to send through: save its settings first.',
      'smtp_url',
    );
  const from =
    settings.mailFrom ??
    defaultSender(settings.companyDetails.name ?? settings.organizationName, url);
  const mailer = openMailer(url);
  let outcome: { sent: true; response: string } | { sent: false; error: string };
  try {
    const answer = await mailer.send({
      messageId: `<test-${newId()}@${senderDomain(from)}>`,
      from,
      to: [to],
      replyTo: null,
      subject: `Test message from ${settings.organizationName} (Settle)`,
      text:
        `This message was sent by ${actor.name} from Settle's mail settings, to check that ` +
        `reminders and statements can go out through ${maskSmtpUrl(url)}.`,
      html: null,
      attachments: [],
    });
    outcome = { sent: true, response: answer.response };
  } catch (error: unknown) {
    outcome = { sent: false, error: errorText(error) };
  } finally {
    mailer.close();
  }
  await database.transaction(async ({ db }) => {
    await recordAudit(db, actor, [
      {
        action: 'mail_settings.tested',
        entityType: 'organization',
        entityId: actor.orgId,
        after: {
          to,
          from,
          smtp_url: maskSmtpUrl(url),
          ...(outcome.sent ? { response: outcome.response } : { error: outcome.error }),
        },
      },
    ]);
  });
  if (!outcome.sent)
    throw new AppError(
      'unavailable',
      'smtp_test_failed',
      `The SMTP server did not take the test message: ${outcome.error}`,
      'smtp_url',
    );
  return {
    to,
    from,
    response: outcome.response,
    smtpSource: settings.smtpUrl === null ? 'environment' : 'organization',
  };
}
