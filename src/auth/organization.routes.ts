import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../platform/http/app.js';
import { CalendarDateSchema, errorResponses, Id, ref } from '../platform/http/schemas.js';
import { getOrganizationSettings } from '../organizations/get-organization.service.js';
import { updateOrganization } from '../organizations/update-organization.service.js';
import { organizationView } from '../organizations/organization.view.js';
import {
  getLogo,
  getSellerDetails,
  logoBytesMax,
  setLogo,
  updateSellerDetails,
} from '../organizations/manage-seller-details.service.js';
import { sellerDetailsView } from '../organizations/seller-details.view.js';
import { AppError } from '../core/errors.js';
import { actorOf, permit } from './permit.routes.js';

// The organization's routes live with auth, not in organizations: they need `permit`, and auth
// sits after organizations on their floor.

const OrganizationSchema = Type.Object(
  {
    id: ref(Id),
    slug: Type.String({ description: 'Names the organization at sign-in and in the CLI (--org)' }),
    name: Type.String(),
    base_currency: Type.String({
      description: 'ISO 4217; fixed once the organization exists',
    }),
    time_zone: Type.String({
      description: 'IANA time zone: where "today" is for document dates and the daily run',
    }),
    created_at: Type.String({ format: 'date-time' }),
    // Today in the organization's time zone: the date documents and runs default to.
    today: ref(CalendarDateSchema),
  },
  { $id: 'Organization' },
);

export async function organizationRoutes({ app, database }: RouteContext) {
  const manage = permit(database, 'settings.manage');

  app.get(
    '/organization',
    {
      // Every role may read its organization's name, currency, time zone and today.
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['settings'],
        summary: "The caller's organization: name, base currency, time zone and today there",
        response: { 200: ref(OrganizationSchema), ...errorResponses },
      },
    },
    async (request) => organizationView(await getOrganizationSettings(database, actorOf(request))),
  );

  app.patch(
    '/organization',
    {
      preHandler: manage,
      schema: {
        tags: ['settings'],
        summary: 'Rename the organization or change its time zone (fields left out stay)',
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 2000 })),
            time_zone: Type.Optional(
              Type.String({ maxLength: 100, description: 'e.g. Europe/Paris' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(OrganizationSchema), ...errorResponses },
      },
    },
    async (request) =>
      organizationView(
        await updateOrganization(database, actorOf(request), {
          name: request.body.name,
          timeZone: request.body.time_zone,
        }),
      ),
  );
}

const nullableText = (maxLength: number, description?: string) =>
  Type.Optional(
    Type.Union([Type.String({ maxLength, ...(description ? { description } : {}) }), Type.Null()]),
  );

const AddressBody = Type.Object(
  {
    line1: nullableText(200),
    line2: nullableText(200),
    city: nullableText(200),
    postal_code: nullableText(200),
    region: nullableText(200, 'State, province or county'),
    country: nullableText(100, 'ISO 3166 code (DE) or English name (Germany); stored as the code'),
  },
  { additionalProperties: false },
);

const AddressSchema = Type.Object(
  {
    line1: Type.Union([Type.String(), Type.Null()]),
    line2: Type.Union([Type.String(), Type.Null()]),
    city: Type.Union([Type.String(), Type.Null()]),
    postal_code: Type.Union([Type.String(), Type.Null()]),
    region: Type.Union([Type.String(), Type.Null()]),
    country: Type.Union([Type.String(), Type.Null()], { description: 'ISO 3166-1 alpha-2' }),
  },
  { $id: 'PostalAddress' },
);

const ElectronicAddressSchema = Type.Object(
  {
    scheme: Type.String({
      maxLength: 10,
      description: 'EAS code: 0088 GLN, 0208 Belgian company number, 9930 German VAT, EM e-mail…',
    }),
    id: Type.String({ maxLength: 50 }),
  },
  { $id: 'ElectronicAddress', additionalProperties: false },
);

const PaymentAccountFields = {
  iban: nullableText(50),
  bic: nullableText(20),
  account_number: nullableText(50),
  routing_number: nullableText(30, 'ABA routing number, sort code or the like'),
  bank_name: nullableText(140),
  account_name: nullableText(140, "The holder's name when it is not the legal name"),
};

const PaymentAccountSchema = Type.Object(
  {
    iban: Type.Union([Type.String(), Type.Null()]),
    bic: Type.Union([Type.String(), Type.Null()]),
    account_number: Type.Union([Type.String(), Type.Null()]),
    routing_number: Type.Union([Type.String(), Type.Null()]),
    bank_name: Type.Union([Type.String(), Type.Null()]),
    account_name: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'PaymentAccount' },
);

const SellerDetailsSchema = Type.Object(
  {
    legal_name: Type.Union([Type.String(), Type.Null()], {
      description: "Printed as the seller; the organization's name when null",
    }),
    address: Type.Union([ref(AddressSchema), Type.Null()]),
    vat_id: Type.Union([Type.String(), Type.Null()]),
    registration_id: Type.Union([Type.String(), Type.Null()], {
      description: 'Company registration number',
    }),
    electronic_address: Type.Union([ref(ElectronicAddressSchema), Type.Null()]),
    payment_accounts: Type.Array(ref(PaymentAccountSchema)),
    invoice_footer: Type.Union([Type.String(), Type.Null()]),
    has_logo: Type.Boolean(),
  },
  { $id: 'SellerDetails' },
);

const imageTypes = ['image/png', 'image/jpeg'];

export async function sellerDetailsRoutes({ app, database }: RouteContext) {
  const manage = permit(database, 'settings.manage');
  for (const type of imageTypes) {
    if (!app.hasContentTypeParser(type))
      app.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: logoBytesMax + 1024 },
        (_request, body, done) => done(null, body),
      );
  }

  app.get(
    '/organization/invoicing',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['settings'],
        summary:
          'What invoices say about the organization: legal name, address, VAT id, bank accounts…',
        response: { 200: ref(SellerDetailsSchema), ...errorResponses },
      },
    },
    async (request) => sellerDetailsView(await getSellerDetails(database, actorOf(request))),
  );

  app.patch(
    '/organization/invoicing',
    {
      preHandler: manage,
      schema: {
        tags: ['settings'],
        summary:
          'Change what invoices say about the organization (fields left out stay, null clears); issued documents keep what they said',
        body: Type.Object(
          {
            legal_name: nullableText(500),
            address: Type.Optional(Type.Union([AddressBody, Type.Null()])),
            vat_id: nullableText(40),
            registration_id: nullableText(100),
            electronic_address: Type.Optional(
              Type.Union([ref(ElectronicAddressSchema), Type.Null()]),
            ),
            payment_accounts: Type.Optional(
              Type.Array(Type.Object(PaymentAccountFields, { additionalProperties: false }), {
                maxItems: 5,
              }),
            ),
            invoice_footer: nullableText(2000, 'Printed at the foot of every page'),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref(SellerDetailsSchema), ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      return sellerDetailsView(
        await updateSellerDetails(database, actorOf(request), {
          legalName: body.legal_name,
          address:
            body.address === undefined || body.address === null
              ? body.address
              : {
                  line1: body.address.line1,
                  line2: body.address.line2,
                  city: body.address.city,
                  postalCode: body.address.postal_code,
                  region: body.address.region,
                  country: body.address.country,
                },
          vatId: body.vat_id,
          registrationId: body.registration_id,
          electronicAddress: body.electronic_address,
          paymentAccounts: body.payment_accounts?.map((account) => ({
            iban: account.iban,
            bic: account.bic,
            accountNumber: account.account_number,
            routingNumber: account.routing_number,
            bankName: account.bank_name,
            accountName: account.account_name,
          })),
          invoiceFooter: body.invoice_footer,
        }),
      );
    },
  );

  app.get(
    '/organization/logo',
    {
      preHandler: permit(database, 'read'),
      schema: {
        tags: ['settings'],
        summary: 'The logo printed on invoices and letters',
        produces: imageTypes,
        response: {
          200: Type.Unsafe<Buffer>({
            type: 'string',
            format: 'binary',
            description: 'PNG or JPEG',
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const logo = await getLogo(database, actorOf(request));
      if (!logo) throw AppError.notFound('logo');
      return reply.type(logo.contentType).send(Buffer.from(logo.content));
    },
  );

  app.put(
    '/organization/logo',
    {
      preHandler: manage,
      bodyLimit: logoBytesMax + 1024,
      schema: {
        tags: ['settings'],
        summary: 'Set the logo: the body is the PNG or JPEG file, at most 1 MB',
        consumes: imageTypes,
        body: Type.Unsafe<Buffer>({ description: 'The image, as bytes' }),
        response: { 200: Type.Object({ has_logo: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body))
        throw new AppError(
          'invalid',
          'logo_not_an_image',
          'Send the PNG or JPEG file as the body.',
          'logo',
        );
      const result = await setLogo(database, actorOf(request), new Uint8Array(request.body));
      return { has_logo: result.hasLogo };
    },
  );

  app.delete(
    '/organization/logo',
    {
      preHandler: manage,
      schema: {
        tags: ['settings'],
        summary: 'Remove the logo',
        response: { 200: Type.Object({ has_logo: Type.Boolean() }), ...errorResponses },
      },
    },
    async (request) => ({ has_logo: (await setLogo(database, actorOf(request), null)).hasLogo }),
  );
}

export const organizationSchemas = [
  OrganizationSchema,
  AddressSchema,
  ElectronicAddressSchema,
  PaymentAccountSchema,
  SellerDetailsSchema,
];
