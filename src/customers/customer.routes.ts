import { Type } from '@sinclair/typebox';
import type { RouteContext } from '../platform/http/app.js';
import { parseSort } from '../platform/http/app.js';
import { actorOf, permit } from '../auth/permit.routes.js';
import {
  errorResponses,
  IdParams,
  PageQuery,
  pageOf,
  ref,
  SortQuery,
} from '../platform/http/schemas.js';
import { Amount, Currency } from '../platform/http/schemas.js';
import { createCustomer } from './create-customer.service.js';
import type { BillingAddress, ContactInput, CustomerInput } from './customer.js';
import {
  BillingAddressSchema,
  ContactSchema,
  contactView,
  CustomerSchema,
  customerView,
} from './customer.view.js';
import { getCustomer } from './get-customer.service.js';
import { listContacts } from './list-contacts.service.js';
import { customerSortKeys, listCustomers } from './list-customers.service.js';
import { addContact, removeContact, updateContact } from './manage-contacts.service.js';
import { updateCustomer } from './update-customer.service.js';

const ContactBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
    phone: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
    role: Type.Optional(Type.String({ enum: ['accounts_payable', 'billing', 'primary', 'other'] })),
    receives_reminders: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const CustomerFields = {
  ref: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 2000 }),
  legal_name: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  tax_id: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  billing_address: Type.Optional(Type.Union([ref(BillingAddressSchema), Type.Null()])),
  currency: ref(Currency),
  terms: Type.Optional(
    Type.String({ description: 'NET30 (default), DUE_ON_RECEIPT, NET30_EOM, 2/10_NET30 …' }),
  ),
  credit_limit: Type.Optional(Type.Union([ref(Amount), Type.Null()])),
  credit_hold: Type.Optional(Type.Boolean()),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
  notes: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  collector_id: Type.Optional(
    Type.Union([Type.String({ format: 'uuid' }), Type.Null()], {
      description: 'The user who follows up unpaid invoices; null for none',
    }),
  ),
  registration_id: Type.Optional(
    Type.Union([Type.String({ maxLength: 100 }), Type.Null()], {
      description: 'Company registration number',
    }),
  ),
  electronic_address: Type.Optional(
    Type.Union(
      [
        Type.Object(
          {
            scheme: Type.String({
              maxLength: 10,
              description: 'EAS code, e.g. 0088, 0208, 9930, EM',
            }),
            id: Type.String({ maxLength: 50 }),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { description: 'Where e-invoices are delivered (Peppol endpoint)' },
    ),
  ),
  buyer_reference: Type.Optional(
    Type.Union([Type.String({ maxLength: 2000 }), Type.Null()], {
      description: "The customer's own reference that its invoices must quote",
    }),
  ),
  send_ubl: Type.Optional(
    Type.Boolean({ description: 'Invoice e-mails carry the UBL e-invoice beside the PDF' }),
  ),
};

const CreateCustomerBody = Type.Object(
  { ...CustomerFields, contacts: Type.Optional(Type.Array(ContactBody, { maxItems: 50 })) },
  { additionalProperties: false },
);
const UpdateCustomerBody = Type.Partial(Type.Object(CustomerFields), {
  additionalProperties: false,
});

type AddressBody =
  | {
      line1?: string;
      line2?: string;
      city?: string;
      region?: string;
      postal_code?: string;
      country?: string;
    }
  | null
  | undefined;

function addressInput(address: AddressBody): BillingAddress | null | undefined {
  if (address === undefined || address === null) return address;
  const { postal_code, ...rest } = address;
  return { ...rest, ...(postal_code !== undefined ? { postalCode: postal_code } : {}) };
}

function contactInput(body: {
  name?: string;
  email?: string | null;
  phone?: string | null;
  role?: string;
  receives_reminders?: boolean;
}): Partial<ContactInput> {
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.email !== undefined ? { email: body.email } : {}),
    ...(body.phone !== undefined ? { phone: body.phone } : {}),
    ...(body.role !== undefined ? { role: body.role } : {}),
    ...(body.receives_reminders !== undefined
      ? { receivesReminders: body.receives_reminders }
      : {}),
  };
}

function customerInput(
  body: Partial<Record<keyof typeof CustomerFields, unknown>>,
): Partial<CustomerInput> {
  const input: Record<string, unknown> = {};
  const map: Record<string, string> = {
    legal_name: 'legalName',
    tax_id: 'taxId',
    credit_limit: 'creditLimit',
    credit_hold: 'creditHold',
    collector_id: 'collectorId',
    registration_id: 'registrationId',
    electronic_address: 'electronicAddress',
    buyer_reference: 'buyerReference',
    send_ubl: 'sendUbl',
  };
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (key === 'billing_address') input.billingAddress = addressInput(value as AddressBody);
    else input[map[key] ?? key] = value;
  }
  return input as Partial<CustomerInput>;
}

export async function customerRoutes({ app, database }: RouteContext) {
  const read = permit(database, 'read');
  const write = permit(database, 'customers.write');
  app.get(
    '/customers',
    {
      preHandler: read,
      schema: {
        tags: ['customers'],
        summary: 'List customers',
        querystring: Type.Object({
          ...PageQuery,
          sort: SortQuery(customerSortKeys),
          q: Type.Optional(Type.String({ maxLength: 200, description: 'Search in name and ref' })),
          tag: Type.Optional(Type.String()),
          currency: Type.Optional(ref(Currency)),
          credit_hold: Type.Optional(Type.Boolean()),
          collector_id: Type.Optional(
            Type.String({ format: 'uuid', description: 'Only the customers of this collector' }),
          ),
        }),
        response: { 200: pageOf(ref(CustomerSchema), 'CustomerPage'), ...errorResponses },
      },
    },
    async (request) => {
      const query = request.query;
      const sort = parseSort(query.sort, 'ref');
      const page = await listCustomers(
        database,
        actorOf(request),
        {
          search: query.q,
          tag: query.tag,
          currency: query.currency?.toUpperCase(),
          creditHold: query.credit_hold,
          collectorId: query.collector_id,
        },
        sort.key,
        { limit: query.limit, cursor: query.cursor, descending: sort.descending },
      );
      return {
        items: page.items.map((row) =>
          customerView(row, undefined, page.balances.get(row.id) ?? []),
        ),
        next_cursor: page.nextCursor,
      };
    },
  );

  app.post(
    '/customers',
    {
      preHandler: write,
      schema: {
        tags: ['customers'],
        summary: 'Create a customer',
        body: CreateCustomerBody,
        response: { 201: ref(CustomerSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { contacts, ...fields } = request.body;
      const actor = actorOf(request);
      const created = await createCustomer(database, actor, {
        ...(customerInput(fields) as CustomerInput),
        contacts: contacts?.map((contact) => contactInput(contact) as ContactInput),
      });
      const rows = await listContacts(database, actor, created.id);
      return reply.status(201).send(customerView(created, rows));
    },
  );

  app.get(
    '/customers/:id',
    {
      preHandler: read,
      schema: {
        tags: ['customers'],
        summary: 'Get a customer with its contacts',
        params: IdParams,
        response: { 200: ref(CustomerSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { customer, contacts } = await getCustomer(
        database,
        actorOf(request),
        request.params.id,
      );
      return customerView(customer, contacts);
    },
  );

  app.patch(
    '/customers/:id',
    {
      preHandler: write,
      schema: {
        tags: ['customers'],
        summary: 'Change a customer',
        params: IdParams,
        body: UpdateCustomerBody,
        response: { 200: ref(CustomerSchema), ...errorResponses },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const updated = await updateCustomer(
        database,
        actor,
        request.params.id,
        customerInput(request.body),
      );
      return customerView(updated, await listContacts(database, actor, updated.id));
    },
  );

  app.post(
    '/customers/:id/contacts',
    {
      preHandler: write,
      schema: {
        tags: ['customers'],
        summary: 'Add a contact',
        params: IdParams,
        body: ContactBody,
        response: { 201: ref(ContactSchema), ...errorResponses },
      },
    },
    async (request, reply) => {
      const contact = await addContact(
        database,
        actorOf(request),
        request.params.id,
        contactInput(request.body) as ContactInput,
      );
      return reply.status(201).send(contactView(contact));
    },
  );

  const ContactParams = Type.Object({
    id: Type.String({ format: 'uuid' }),
    contactId: Type.String({ format: 'uuid' }),
  });
  app.patch(
    '/customers/:id/contacts/:contactId',
    {
      preHandler: write,
      schema: {
        tags: ['customers'],
        summary: 'Change a contact',
        params: ContactParams,
        body: Type.Partial(ContactBody),
        response: { 200: ref(ContactSchema), ...errorResponses },
      },
    },
    async (request) => {
      const contact = await updateContact(
        database,
        actorOf(request),
        request.params.id,
        request.params.contactId,
        contactInput(request.body),
      );
      return contactView(contact);
    },
  );

  app.delete(
    '/customers/:id/contacts/:contactId',
    {
      preHandler: write,
      schema: {
        tags: ['customers'],
        summary: 'Remove a contact',
        params: ContactParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeContact(database, actorOf(request), request.params.id, request.params.contactId);
      return reply.status(204).send(null);
    },
  );
}

export const customerSchemas = [BillingAddressSchema, ContactSchema, CustomerSchema];
