// Proves that the outbox delivers through a real SMTP server (smtp-server, started here) and never
// twice: a message arrives with its subject, text and HTML, To, Reply-To, Message-ID and PDF
// attachment; a 451 is retried after the backoff and a 550 is not; after limits.mailAttemptsMax
// failures a message is failed; without SMTP settings it is held until there are some; a message
// without a recipient waits for one; a sender that stopped mid-way leaves its message uncertain,
// never re-sent by itself; and on PostgreSQL two delivery passes racing each other send every
// message exactly once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  deliverAllDue,
  deliverOutbox,
  getOutboxMessage,
  nextAttemptAt,
  retryBackoffMs,
  retryOutboxMessage,
} from '../../src/messaging/deliver-outbox.service.js';
import { updateMailSettings } from '../../src/messaging/mail-settings.service.js';
import {
  findOutboxMessage,
  insertOutboxMessages,
  type NewOutboxMessage,
} from '../../src/messaging/outbox.sql.js';
import type { Actor } from '../../src/core/actor.js';
import { AppError } from '../../src/core/errors.js';
import { newId } from '../../src/core/ids.js';
import { limits } from '../../src/core/limits.js';
import { addContact } from '../../src/customers/manage-contacts.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { issuedInvoiceDue, newCustomer, newOrganization } from '../support/organization.js';
import { onDay, todayNoEarlierThan } from '../support/clock.js';
import { runCollections } from '../../src/dunning/run-collections.service.js';
import type { CalendarDate } from '../../src/core/calendar-date.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';
import { isPostgres, openTestDatabase } from '../support/test-database.js';
import { now, nowMs } from '../../src/core/clock.js';

// The book below lies on fixed dates up to late 2026, and money is posted about it "today".
todayNoEarlierThan('2026-12-05');

let database: Database;
let smtp: TestSmtpServer;
// No SMTP_URL from the environment of whoever runs the tests.
const env = {};

beforeAll(async () => {
  database = await openTestDatabase();
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.close();
  await database?.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.reject(0);
});

async function organizationWithSmtp(): Promise<Actor> {
  const { actor } = await newOrganization(database);
  await updateMailSettings(
    database,
    actor,
    { smtpUrl: smtp.url, mailFrom: '"Demo AR" <ar@demo.test>' },
    env,
  );
  return actor;
}

function message(actor: Actor, overrides: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    id: newId(),
    orgId: actor.orgId,
    customerId: null,
    runId: null,
    kind: 'reminder',
    templateKey: 'reminder_overdue',
    toAddresses: ['ap@customer.test'],
    replyTo: 'ana@demo.test',
    subject: 'Overdue invoices',
    bodyText: 'Please pay.',
    bodyHtml: '<p>Please pay.</p>',
    attachments: [],
    invoiceIds: [],
    ...overrides,
  };
}

async function queue(...messages: NewOutboxMessage[]): Promise<void> {
  await database.transaction(({ db }) => insertOutboxMessages(db, messages));
}

async function row(actor: Actor, id: string) {
  return (await findOutboxMessage(database.db, actor.orgId, id))!;
}

const later = (base: Date, ms: number) => () => new Date(base.getTime() + ms);

/**
 * A moment surely after a message just queued: next_attempt_at takes the database's now(), in
 * microseconds, which can fall later than a JavaScript Date of the same millisecond.
 */
function afterQueued(): Date {
  return new Date(nowMs() + 1_000);
}

describe('delivering the outbox over SMTP', () => {
  it('sends a message with its subject, both bodies, recipients, Message-ID and PDF attachment, once', async () => {
    const actor = await organizationWithSmtp();
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      'latin1',
    );
    const documentId = newId();
    await database.db
      .insertInto('documents')
      .values({
        org_id: actor.orgId,
        id: documentId,
        kind: 'letter',
        file_name: 'letter.pdf',
        content_type: 'application/pdf',
        content: pdf,
      })
      .execute();
    const sent = message(actor, {
      toAddresses: ['ap@customer.test', 'cfo@customer.test'],
      subject: 'Rappel : facture à 1 234,50 €',
      bodyText: 'Dear Pat,\nplease pay INV-1.\n',
      bodyHtml: '<p>Dear Pat,<br>please pay <b>INV-1</b>.</p>',
      attachments: [
        { documentId, renders: null, fileName: 'letter.pdf', contentType: 'application/pdf' },
      ],
    });
    await queue(sent);

    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
      held: 0,
    });
    expect(smtp.received).toHaveLength(1);
    const arrived = smtp.received[0]!;
    expect(arrived.subject).toBe('Rappel : facture à 1 234,50 €');
    expect(arrived.text?.replace(/\r\n/g, '\n')).toBe('Dear Pat,\nplease pay INV-1.\n');
    expect(arrived.html).toBe('<p>Dear Pat,<br>please pay <b>INV-1</b>.</p>');
    expect(arrived.envelopeTo).toEqual(['ap@customer.test', 'cfo@customer.test']);
    expect(arrived.headers.get('to')).toBe('ap@customer.test, cfo@customer.test');
    expect(arrived.headers.get('from')).toBe('Demo AR <ar@demo.test>');
    expect(arrived.headers.get('reply-to')).toBe('ana@demo.test');
    expect(arrived.headers.get('message-id')).toBe(`<${sent.id}@demo.test>`);
    expect(arrived.attachments).toHaveLength(1);
    expect(arrived.attachments[0]).toMatchObject({
      fileName: 'letter.pdf',
      contentType: 'application/pdf',
    });
    expect(arrived.attachments[0]!.content.equals(pdf)).toBe(true);

    const stored = await row(actor, sent.id);
    expect(stored).toMatchObject({
      status: 'sent',
      attempts: 1,
      smtpMessageId: `<${sent.id}@demo.test>`,
      lastError: null,
    });
    expect(stored.sentAt).toBeInstanceOf(Date);

    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      held: 0,
    });
    expect(smtp.received).toHaveLength(1);
  });

  it('retries a message refused with 451 after the backoff, and sends it on the second attempt', async () => {
    const actor = await organizationWithSmtp();
    const queued = message(actor);
    await queue(queued);
    smtp.reject(1, 451);
    const start = afterQueued();

    expect(await deliverOutbox(database, { orgId: actor.orgId, env, now: () => start })).toEqual({
      sent: 0,
      retried: 1,
      failed: 0,
      held: 0,
    });
    const waiting = await row(actor, queued.id);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.lastError).toContain('451');
    expect(waiting.nextAttemptAt.getTime()).toBe(start.getTime() + 60_000);

    // Not due a second before the backoff ends.
    expect(
      await deliverOutbox(database, { orgId: actor.orgId, env, now: later(start, 59_000) }),
    ).toEqual({ sent: 0, retried: 0, failed: 0, held: 0 });
    expect(
      await deliverOutbox(database, { orgId: actor.orgId, env, now: later(start, 60_000) }),
    ).toEqual({ sent: 1, retried: 0, failed: 0, held: 0 });
    expect(await row(actor, queued.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: null,
    });
    expect(smtp.received).toHaveLength(1);
  });

  it(`gives up after ${limits.mailAttemptsMax} attempts, waiting 1 min, 5 min, 30 min, 2 h and 12 h between them`, async () => {
    const actor = await organizationWithSmtp();
    const queued = message(actor);
    await queue(queued);
    smtp.reject(limits.mailAttemptsMax + 1, 451);
    let now = afterQueued();
    const waits: number[] = [];
    for (let attempt = 1; attempt < limits.mailAttemptsMax; attempt++) {
      const at = now;
      expect(
        await deliverOutbox(database, { orgId: actor.orgId, env, now: () => at }),
      ).toMatchObject({ retried: 1 });
      const waiting = await row(actor, queued.id);
      expect(waiting).toMatchObject({ status: 'pending', attempts: attempt });
      waits.push(waiting.nextAttemptAt.getTime() - at.getTime());
      now = waiting.nextAttemptAt;
    }
    expect(waits).toEqual(retryBackoffMs);
    const last = now;
    expect(await deliverOutbox(database, { orgId: actor.orgId, env, now: () => last })).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
      held: 0,
    });
    expect(await row(actor, queued.id)).toMatchObject({
      status: 'failed',
      statusReason: 'attempts_exhausted',
      attempts: limits.mailAttemptsMax,
    });
    expect(
      await deliverOutbox(database, { orgId: actor.orgId, env, now: later(last, 86_400_000) }),
    ).toEqual({ sent: 0, retried: 0, failed: 0, held: 0 });
    expect(smtp.received).toHaveLength(0);
    expect(nextAttemptAt(limits.mailAttemptsMax - 1, last)).not.toBeNull();
    expect(nextAttemptAt(limits.mailAttemptsMax, last)).toBeNull();
  });

  it('fails a message refused for good (550) at once', async () => {
    const actor = await organizationWithSmtp();
    const queued = message(actor);
    await queue(queued);
    smtp.reject(1, 550);
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
      held: 0,
    });
    const failed = await row(actor, queued.id);
    expect(failed).toMatchObject({ status: 'failed', statusReason: 'rejected', attempts: 1 });
    expect(failed.lastError).toContain('550');
  });

  it('renders a queued reminder again when it is sent, so settings filled in later are in it', async () => {
    const { actor } = await newOrganization(database);
    const customer = await newCustomer(database, actor);
    await addContact(database, actor, customer.id, {
      name: 'Payables',
      email: 'ap@late.test',
      role: 'accounts_payable',
      receivesReminders: true,
    });
    const invoice = await issuedInvoiceDue(
      database,
      actor,
      customer.id,
      { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
      '120.00',
    );
    // The run queues the reminder before there are any mail settings: it is held, without bank details.
    await onDay('2026-06-07', () =>
      runCollections(database, actor, { today: '2026-06-07' as CalendarDate, triggeredBy: 'api' }),
    );
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toMatchObject({ held: 1 });
    const [queued] = await database.db
      .selectFrom('outbox_messages')
      .select(['id', 'body_text'])
      .where('org_id', '=', actor.orgId)
      .execute();
    // Queued without its bodies, and read as it would go out now: there are no bank details yet.
    expect(queued!.body_text).toBeNull();
    const shown = await getOutboxMessage(database, actor, queued!.id);
    expect(shown.bodyText).toContain(invoice.number);
    expect(shown.bodyText).not.toContain('IBAN');
    expect(shown.bodyHtml).toContain(invoice.number);

    await updateMailSettings(
      database,
      actor,
      {
        smtpUrl: smtp.url,
        mailFrom: 'ar@demo.test',
        companyDetails: { name: 'Demo GmbH', bankDetails: 'IBAN DE02 1203 0000 0000 2020 51' },
        portalUrl: 'https://pay.demo.test/acme',
      },
      env,
    );
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toMatchObject({ sent: 1 });
    const sent = smtp.received[0]!;
    expect(sent.text).toContain('IBAN DE02 1203 0000 0000 2020 51');
    expect(sent.text).toContain('https://pay.demo.test/acme');
    expect(sent.text).toContain(invoice.number);
    // The outbox shows what went out.
    expect((await row(actor, queued!.id)).bodyText).toContain('IBAN DE02');
  });

  it('holds messages without SMTP settings, and sends them once there are some', async () => {
    const { actor } = await newOrganization(database);
    const queued = message(actor);
    await queue(queued);
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      held: 1,
    });
    expect(await row(actor, queued.id)).toMatchObject({
      status: 'held',
      statusReason: 'no_smtp_settings',
      attempts: 0,
    });
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      held: 0,
    });

    // SMTP_URL, as on an embedded install, is enough…
    const other = message(actor);
    await queue(other);
    expect(
      await deliverOutbox(database, { orgId: actor.orgId, env: { SMTP_URL: smtp.url } }),
    ).toEqual({ sent: 2, retried: 0, failed: 0, held: 0 });
    expect(smtp.received.map((arrived) => arrived.headers.get('message-id')).sort()).toHaveLength(
      2,
    );
    expect(smtp.received[0]!.headers.get('from')).toMatch(/^Test Org [0-9a-f]+ <settle@.+>$/);

    // …and so are the organization's own settings.
    const third = message(actor);
    await queue(third);
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toMatchObject({ held: 1 });
    await updateMailSettings(database, actor, { smtpUrl: smtp.url }, env);
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
      held: 0,
    });
    expect(await row(actor, third.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('keeps a message without a recipient until the customer has one and it is retried', async () => {
    const actor = await organizationWithSmtp();
    const customer = await newCustomer(database, actor);
    const queued = message(actor, { customerId: customer.id, toAddresses: [] });
    await queue(queued);
    expect(await row(actor, queued.id)).toMatchObject({
      status: 'held',
      statusReason: 'no_recipient',
    });
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      held: 0,
    });

    await expect(retryOutboxMessage(database, actor, queued.id)).rejects.toMatchObject({
      code: 'outbox_no_recipient',
    });
    await addContact(database, actor, customer.id, {
      name: 'Sales',
      email: 'sales@customer.test',
      role: 'primary',
      receivesReminders: true,
    });
    await addContact(database, actor, customer.id, {
      name: 'Pat',
      email: 'pat@customer.test',
      role: 'accounts_payable',
      receivesReminders: true,
    });
    await addContact(database, actor, customer.id, {
      name: 'CEO',
      email: 'ceo@customer.test',
      role: 'other',
      receivesReminders: false,
    });
    expect(await retryOutboxMessage(database, actor, queued.id)).toMatchObject({
      status: 'pending',
      toAddresses: ['pat@customer.test', 'sales@customer.test'],
    });
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toMatchObject({ sent: 1 });
    expect(smtp.received[0]!.envelopeTo).toEqual(['pat@customer.test', 'sales@customer.test']);
  });

  it('marks a message left sending by a stopped sender uncertain and never re-sends it by itself', async () => {
    const actor = await organizationWithSmtp();
    const queued = message(actor);
    await queue(queued);
    const claimedAt = new Date(nowMs() - 11 * 60_000);
    await database.db
      .updateTable('outbox_messages')
      .set({ status: 'sending', claimed_at: claimedAt, attempts: 1 })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', queued.id)
      .execute();

    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      held: 0,
    });
    expect(await row(actor, queued.id)).toMatchObject({
      status: 'uncertain',
      statusReason: 'sender_stopped',
      attempts: 1,
    });
    expect(
      await deliverOutbox(database, { orgId: actor.orgId, env, now: later(now(), 7 * 86_400_000) }),
    ).toEqual({ sent: 0, retried: 0, failed: 0, held: 0 });
    expect(smtp.received).toHaveLength(0);

    // A sender that claimed it less than ten minutes ago may still be at work: left alone.
    const recent = message(actor);
    await queue(recent);
    await database.db
      .updateTable('outbox_messages')
      .set({ status: 'sending', claimed_at: new Date(nowMs() - 9 * 60_000), attempts: 1 })
      .where('org_id', '=', actor.orgId)
      .where('id', '=', recent.id)
      .execute();
    await deliverOutbox(database, { orgId: actor.orgId, env });
    expect(await row(actor, recent.id)).toMatchObject({ status: 'sending' });

    // A person decides to send it again.
    expect(await retryOutboxMessage(database, actor, queued.id)).toMatchObject({
      status: 'pending',
      attempts: 0,
    });
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toMatchObject({ sent: 1 });
    expect(smtp.received).toHaveLength(1);
    const audit = await database.db
      .selectFrom('audit_events')
      .select(['action', 'before', 'after'])
      .where('org_id', '=', actor.orgId)
      .where('entity_id', '=', queued.id)
      .execute();
    expect(audit).toEqual([
      {
        action: 'outbox_message.retried',
        before: expect.objectContaining({ status: 'uncertain', attempts: 1 }),
        after: expect.objectContaining({ status: 'pending', attempts: 0 }),
      },
    ]);
  });

  it('refuses to retry a message that is sent, pending or unknown', async () => {
    const actor = await organizationWithSmtp();
    const queued = message(actor);
    await queue(queued);
    await expect(retryOutboxMessage(database, actor, queued.id)).rejects.toMatchObject({
      code: 'outbox_message_not_retryable',
      field: 'id',
    });
    await deliverOutbox(database, { orgId: actor.orgId, env });
    await expect(retryOutboxMessage(database, actor, queued.id)).rejects.toMatchObject({
      code: 'outbox_message_not_retryable',
    });
    const error = await retryOutboxMessage(database, actor, newId()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'outbox_message_not_found', kind: 'not_found' });
  });

  it("fails a message whose attachment is gone, and leaves other organizations' messages to their own passes", async () => {
    const actor = await organizationWithSmtp();
    const other = await organizationWithSmtp();
    const lost = message(actor, {
      attachments: [
        {
          documentId: newId(),
          renders: null,
          fileName: 'gone.pdf',
          contentType: 'application/pdf',
        },
      ],
    });
    const theirs = message(other);
    await queue(lost, theirs);
    expect(await deliverOutbox(database, { orgId: actor.orgId, env })).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
      held: 0,
    });
    expect(await row(actor, lost.id)).toMatchObject({
      status: 'failed',
      statusReason: 'attachment_missing',
    });
    expect(await row(other, theirs.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  it('sends what is due in passes of the batch size', async () => {
    const actor = await organizationWithSmtp();
    await queue(...Array.from({ length: 7 }, () => message(actor)));
    expect(await deliverOutbox(database, { orgId: actor.orgId, env, limit: 3 })).toMatchObject({
      sent: 3,
    });
    expect(await deliverAllDue(database, { orgId: actor.orgId, env, limit: 3 })).toEqual({
      sent: 4,
      retried: 0,
      failed: 0,
      held: 0,
    });
    await expect(
      deliverOutbox(database, { orgId: actor.orgId, env, limit: limits.mailBatchMax + 1 }),
    ).rejects.toMatchObject({ code: 'limit_invalid' });
  });
});

describe.skipIf(!isPostgres)('concurrent delivery on PostgreSQL', () => {
  it('sends each message exactly once when two delivery passes race', async () => {
    const actor = await organizationWithSmtp();
    const messages = Array.from({ length: 60 }, () => message(actor));
    await queue(...messages);
    const [first, second] = await Promise.all([
      deliverAllDue(database, { orgId: actor.orgId, env, limit: 5 }),
      deliverAllDue(database, { orgId: actor.orgId, env, limit: 5 }),
    ]);
    expect(first.sent + second.sent).toBe(60);
    const arrivedIds = smtp.received.map((arrived) => arrived.headers.get('message-id'));
    expect(arrivedIds).toHaveLength(60);
    expect(new Set(arrivedIds)).toEqual(
      new Set(messages.map((queued) => `<${queued.id}@demo.test>`)),
    );
    const rows = await database.db
      .selectFrom('outbox_messages')
      .select(['status', 'attempts'])
      .where('org_id', '=', actor.orgId)
      .execute();
    expect(rows.every((stored) => stored.status === 'sent' && stored.attempts === 1)).toBe(true);
  });
});
