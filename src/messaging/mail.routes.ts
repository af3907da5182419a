import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  errorResponses,
  Id,
  IdempotencyHeaders,
  IdParams,
  PageQuery,
  pageOf,
  ref,
} from '../platform/http/schemas.js';
import {
  deliverAllDue,
  deliverOrganizationOutbox,
  getOutboxMessage,
  listOutbox,
  retryOutboxMessage,
} from './deliver-outbox.service.js';
import { getMailSettings, updateMailSettings } from './mail-settings.service.js';
import { sendTestMail } from './send-test-mail.service.js';
import { templateVariables } from './message-template.js';
import {
  getMessageTemplate,
  listMessageTemplates,
  previewMessageTemplate,
  resetMessageTemplate,
  saveMessageTemplate,
} from './message-templates.service.js';
import { outboxStatuses } from './outbox.js';
import { sendCustomerMessage } from './send-customer-message.service.js';
import {
  mailSettingsView,
  messageTemplateView,
  outboxMessageDetailView,
  outboxMessageView,
} from './outbox.view.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

const outboxFields = {
  id: ref(Id),
  customer_id: Type.Union([ref(Id), Type.Null()]),
  run_id: Type.Union([ref(Id), Type.Null()]),
  kind: Type.String({
    description: 'What caused the message: reminder, statement, letter, promise_broken, …',
  }),
  template_key: Nullable(Type.String()),
  to: Type.Array(Type.String()),
  reply_to: Nullable(Type.String()),
  subject: Type.String(),
  attachments: Type.Array(
    Type.Object({
      document_id: Type.Union([ref(Id), Type.Null()]),
      renders: Type.Union([
        Type.Object(
          {
            source_type: Type.String({ enum: ['invoice', 'credit_note'] }),
            source_id: ref(Id),
            format: Type.String({ enum: ['pdf', 'ubl'] }),
          },
          {
            description:
              "An issued document's PDF or e-invoice, rendered when the message goes out",
          },
        ),
        Type.Null(),
      ]),
      file_name: Type.String(),
      content_type: Type.String(),
    }),
  ),
  invoice_ids: Type.Array(ref(Id)),
  status: Type.String({
    enum: [...outboxStatuses],
    description:
      'pending (to send), sending, sent, failed (refused, or out of attempts), held (no SMTP settings or no recipient: kept, not sent), uncertain (a sender stopped mid-way: not re-sent by itself)',
  }),
  status_reason: Nullable(
    Type.String({
      description:
        'no_smtp_settings, no_recipient, retrying, rejected, attempts_exhausted, attachment_missing, sender_stopped',
    }),
  ),
  attempts: Type.Integer(),
  next_attempt_at: Nullable(Instant),
  sent_at: Nullable(Instant),
  smtp_message_id: Nullable(Type.String()),
  last_error: Nullable(Type.String()),
  created_at: Instant,
};

const OutboxMessageSchema = Type.Object(outboxFields, { $id: 'OutboxMessage' });
const OutboxMessageDetailSchema = Type.Object(
  { ...outboxFields, body_text: Type.String(), body_html: Nullable(Type.String()) },
  { $id: 'OutboxMessageDetail', description: 'An outbox message with its bodies' },
);
const OutboxPageSchema = pageOf(ref(OutboxMessageSchema), 'OutboxPage');
const DeliveryCountsSchema = Type.Object(
  { sent: Type.Integer(), retried: Type.Integer(), failed: Type.Integer(), held: Type.Integer() },
  { $id: 'DeliveryCounts', description: 'What became of the messages one delivery pass took' },
);

const MessageTemplateSchema = Type.Object(
  {
    key: Type.String(),
    subject: Type.String(),
    body_text: Type.String(),
    body_html: Type.String(),
    customized: Type.Boolean({
      description: "true: the organization's own text; false: Settle's built-in text",
    }),
    built_in: Type.Boolean({
      description: 'Whether Settle ships a text for this key, to which DELETE returns',
    }),
    updated_at: Nullable(Instant),
  },
  { $id: 'MessageTemplate' },
);
const MessageTemplateListSchema = Type.Object(
  {
    items: Type.Array(ref(MessageTemplateSchema)),
    variables: Type.Array(Type.Object({ name: Type.String(), description: Type.String() }), {
      description: 'What {{name}} may name in a template',
    }),
  },
  { $id: 'MessageTemplateList' },
);
const MessagePreviewSchema = Type.Object(
  {
    subject: Type.String(),
    text: Type.String(),
    html: Type.String(),
    to: Type.Array(Type.String()),
    reply_to: Nullable(Type.String()),
  },
  { $id: 'MessagePreview' },
);

const companyDetailsFields = {
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  address: Nullable(Type.String()),
  bank_details: Nullable(Type.String()),
};
const MailSettingsSchema = Type.Object(
  {
    smtp_url: Nullable(
      Type.String({ description: 'smtp:// or smtps:// URL, the password shown as ****' }),
    ),
    smtp_source: Type.String({
      enum: ['organization', 'environment', 'none'],
      description:
        'What delivery uses: this URL, the SMTP_URL of the server, or nothing (messages are held)',
    }),
    mail_from: Nullable(Type.String()),
    company_details: Type.Object(companyDetailsFields),
    portal_url: Nullable(Type.String()),
  },
  { $id: 'MailSettings' },
);

const TemplateBody = Type.Object(
  {
    subject: Type.String({ maxLength: 1000 }),
    body_text: Type.String({ maxLength: 200_000 }),
    body_html: Type.String({ maxLength: 200_000 }),
  },
  { additionalProperties: false },
);
const KeyParams = Type.Object({
  key: Type.String({
    maxLength: 64,
    description: 'Lower-case letters, digits and _, e.g. reminder_overdue',
  }),
});
const PreviewBody = Type.Object(
  {
    customer_id: ref(Id),
    subject: Type.Optional(Type.String({ maxLength: 1000 })),
    body_text: Type.Optional(Type.String({ maxLength: 200_000 })),
    body_html: Type.Optional(Type.String({ maxLength: 200_000 })),
  },
  {
    additionalProperties: false,
    description: 'With subject, body_text and body_html: a draft, rendered without saving it',
  },
);
const optionalText = (maxLength: number, description?: string) =>
  Type.Optional(
    Type.Union([Type.String({ maxLength, ...(description ? { description } : {}) }), Type.Null()]),
  );
const MailSettingsBody = Type.Object(
  {
    smtp_url: optionalText(
      2000,
      'smtp://user:password@host:587 or smtps://…; null: none. Sending back the masked URL keeps the stored password',
    ),
    mail_from: optionalText(320, 'ar@example.com or "Example Ltd" <ar@example.com>'),
    company_details: Type.Optional(
      Type.Union([
        Type.Object(
          {
            name: optionalText(2000),
            email: optionalText(320),
            phone: optionalText(200),
            address: optionalText(2000),
            bank_details: optionalText(2000),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
    portal_url: optionalText(2000, 'The link to pay online, shown as {{portal_link}}'),
  },
  { additionalProperties: false, description: 'Fields left out stay as they are' },
);

const MailTestResultSchema = Type.Object(
  {
    to: Type.String(),
    from: Type.String(),
    response: Type.String({ description: "The SMTP server's answer, e.g. 250 2.0.0 Ok: queued" }),
    smtp_source: Type.String({ enum: ['organization', 'environment'] }),
  },
  { $id: 'MailTestResult' },
);

export const mailSchemas = [
  OutboxMessageSchema,
  OutboxMessageDetailSchema,
  OutboxPageSchema,
  DeliveryCountsSchema,
  MessageTemplateSchema,
  MessageTemplateListSchema,
  MessagePreviewSchema,
  MailSettingsSchema,
  MailTestResultSchema,
];

async function templateRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const manage = permit(database, 'collections.manage');
  const tags = ['message templates'];

  app.get(
    '/message-templates',
    {
      preHandler: read,
      schema: {
        tags,
        summary: "Settle's templates merged with the organization's own",
        response: { 200: ref(MessageTemplateListSchema), ...errorResponses },
      },
    },
    async (request) => ({
      items: (await listMessageTemplates(database, actorOf(request))).map(messageTemplateView),
      variables: [...templateVariables],
    }),
  );

  app.get(
    '/message-templates/:key',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'The template in effect for a key',
        params: KeyParams,
        response: { 200: ref(MessageTemplateSchema), ...errorResponses },
      },
    },
    async (request) =>
      messageTemplateView(await getMessageTemplate(database, actorOf(request), request.params.key)),
  );

  app.put(
    '/message-templates/:key',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "Set the organization's text for a key",
        params: KeyParams,
        body: TemplateBody,
        response: { 200: ref(MessageTemplateSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const saved = await saveMessageTemplate(database, actorOf(request), request.params.key, {
        subject: body.subject,
        bodyText: body.body_text,
        bodyHtml: body.body_html,
      });
      return messageTemplateView(saved);
    },
  );

  app.delete(
    '/message-templates/:key',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "Remove the organization's text: back to the built-in one",
        params: KeyParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await resetMessageTemplate(database, actorOf(request), request.params.key);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/message-templates/:key/preview',
    {
      preHandler: read,
      schema: {
        tags,
        summary: "Render a template, or a draft, for a customer's open invoices today",
        params: KeyParams,
        body: PreviewBody,
        response: { 200: ref(MessagePreviewSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const draft =
        body.subject === undefined && body.body_text === undefined && body.body_html === undefined
          ? undefined
          : {
              subject: body.subject ?? '',
              bodyText: body.body_text ?? '',
              bodyHtml: body.body_html ?? '',
            };
      const preview = await previewMessageTemplate(database, actorOf(request), request.params.key, {
        customerId: body.customer_id,
        draft,
      });
      return {
        subject: preview.subject,
        text: preview.text,
        html: preview.html,
        to: [...preview.to],
        reply_to: preview.replyTo,
      };
    },
  );
}

async function settingsRoutes({ app, database }: RouteContext) {
  const manage = permit(database, 'collections.manage');

  app.get(
    '/settings/mail',
    {
      preHandler: manage,
      schema: {
        tags: ['settings'],
        summary: 'Where e-mail goes out, the sender, the company details and the portal link',
        response: { 200: ref(MailSettingsSchema), ...errorResponses },
      },
    },
    async (request) => mailSettingsView(await getMailSettings(database, actorOf(request))),
  );

  app.put(
    '/settings/mail',
    {
      preHandler: manage,
      schema: {
        tags: ['settings'],
        summary: 'Change the mail settings given',
        body: MailSettingsBody,
        response: { 200: ref(MailSettingsSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const details = body.company_details;
      const updated = await updateMailSettings(database, actorOf(request), {
        smtpUrl: body.smtp_url,
        mailFrom: body.mail_from,
        portalUrl: body.portal_url,
        companyDetails:
          details === undefined || details === null
            ? details
            : {
                name: details.name,
                email: details.email,
                phone: details.phone,
                address: details.address,
                bankDetails: details.bank_details,
              },
      });
      return mailSettingsView(updated);
    },
  );

  app.post(
    '/settings/mail/test',
    {
      preHandler: manage,
      schema: {
        tags: ['settings'],
        summary:
          'Send a test message through the SMTP server delivery uses, and say what it answered',
        description:
          'Refused with smtp_not_configured (409) without SMTP settings, and with smtp_test_failed ' +
          "(503, the server's answer in the message) when the server does not take the message.",
        body: Type.Object(
          { to: Type.String({ maxLength: 320, description: 'Where the test message goes' }) },
          { additionalProperties: false },
        ),
        response: { 200: ref(MailTestResultSchema), ...errorResponses },
      },
    },
    async (request) => {
      const result = await sendTestMail(database, actorOf(request), request.body);
      return {
        to: result.to,
        from: result.from,
        response: result.response,
        smtp_source: result.smtpSource,
      };
    },
  );
}

async function outboxRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const work = permit(database, 'collections.work');
  const manage = permit(database, 'collections.manage');
  const tags = ['outbox'];

  app.get(
    '/outbox',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'Messages to customers, newest first',
        querystring: Type.Object({
          ...PageQuery,
          status: Type.Optional(
            Type.String({ maxLength: 32, description: outboxStatuses.join(', ') }),
          ),
          customer_id: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: ref(OutboxPageSchema), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const page = await listOutbox(database, actorOf(request), {
        status: query.status,
        customerId: query.customer_id,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { items: page.items.map(outboxMessageView), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/outbox/:id',
    {
      preHandler: read,
      schema: {
        tags,
        summary: 'A message with its bodies',
        params: IdParams,
        response: { 200: ref(OutboxMessageDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      outboxMessageDetailView(
        await getOutboxMessage(database, actorOf(request), request.params.id),
      ),
  );

  app.post(
    '/outbox/:id/retry',
    {
      preHandler: work,
      schema: {
        tags,
        summary:
          'Put a failed, held or uncertain message back in line (an uncertain one may then arrive twice)',
        params: IdParams,
        response: { 200: ref(OutboxMessageDetailSchema), ...errorResponses },
      },
    },
    async (request) =>
      outboxMessageDetailView(
        await retryOutboxMessage(database, actorOf(request), request.params.id),
      ),
  );

  app.post(
    '/outbox/deliver',
    {
      preHandler: manage,
      schema: {
        tags,
        summary: "Run a delivery pass of the organization's outbox now",
        response: { 200: ref(DeliveryCountsSchema), ...errorResponses },
      },
    },
    async (request) => deliverOrganizationOutbox(database, actorOf(request)),
  );
}

async function customerMessageRoutes({ app, database }: RouteContext) {
  const work = permit(database, 'collections.work');

  app.post(
    '/customers/:id/messages',
    {
      preHandler: work,
      schema: {
        tags: ['outbox'],
        summary:
          "Send a one-off e-mail from a template to the customer's reminder contacts, through the outbox",
        description:
          "Rendered for the customer's open invoices today (as POST /message-templates/{key}/preview shows it), queued, then delivered like every message. An Idempotency-Key header sends it once however often the request is retried.",
        params: IdParams,
        headers: IdempotencyHeaders,
        body: Type.Object(
          {
            template_key: Type.String({
              maxLength: 64,
              description: 'A key of GET /message-templates, e.g. reminder_overdue',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ref(OutboxMessageDetailSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await sendCustomerMessage(
        database,
        actor,
        request.params.id,
        { templateKey: request.body.template_key },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      await deliverAllDue(database, { orgId: actor.orgId });
      return reply
        .status(201)
        .send(outboxMessageDetailView(await getOutboxMessage(database, actor, id)));
    },
  );
}

export async function mailRoutes(context: RouteContext) {
  await templateRoutes(context);
  await settingsRoutes(context);
  await outboxRoutes(context);
  await customerMessageRoutes(context);
}
