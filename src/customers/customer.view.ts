import { Type } from '@sinclair/typebox';
import { formatAmount } from '../core/money.js';
import { Amount, Currency, Id, ref } from '../platform/http/schemas.js';
import type { CustomerRow } from './customer.sql.js';
import type { OpenBalance } from './customer.js';

export const BillingAddressSchema = Type.Object(
  {
    line1: Type.Optional(Type.String({ maxLength: 200 })),
    line2: Type.Optional(Type.String({ maxLength: 200 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    region: Type.Optional(Type.String({ maxLength: 100 })),
    postal_code: Type.Optional(Type.String({ maxLength: 20 })),
    country: Type.Optional(
      Type.String({ maxLength: 2, minLength: 2, description: 'ISO 3166-1 alpha-2' }),
    ),
  },
  { $id: 'BillingAddress', additionalProperties: false },
);

export const ContactSchema = Type.Object(
  {
    id: ref(Id),
    name: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    role: Type.String({ enum: ['accounts_payable', 'billing', 'primary', 'other'] }),
    receives_reminders: Type.Boolean(),
  },
  { $id: 'Contact' },
);

export const CustomerSchema = Type.Object(
  {
    id: ref(Id),
    ref: Type.String(),
    name: Type.String(),
    legal_name: Type.Union([Type.String(), Type.Null()]),
    tax_id: Type.Union([Type.String(), Type.Null()]),
    billing_address: Type.Union([ref(BillingAddressSchema), Type.Null()]),
    currency: ref(Currency),
    terms: Type.String({ description: 'Payment terms code, e.g. NET30, 2/10_NET30' }),
    credit_limit: Type.Union([ref(Amount), Type.Null()]),
    credit_hold: Type.Boolean(),
    tags: Type.Array(Type.String()),
    notes: Type.Union([Type.String(), Type.Null()]),
    collector_id: Type.Union([ref(Id), Type.Null()], {
      description: 'The user who follows up unpaid invoices',
    }),
    registration_id: Type.Union([Type.String(), Type.Null()]),
    electronic_address: Type.Union([
      Type.Object({ scheme: Type.String(), id: Type.String() }),
      Type.Null(),
    ]),
    buyer_reference: Type.Union([Type.String(), Type.Null()]),
    send_ubl: Type.Boolean({ description: 'Invoice e-mails carry the UBL e-invoice' }),
    contacts: Type.Optional(Type.Array(ref(ContactSchema))),
    open_balances: Type.Optional(
      Type.Array(Type.Object({ currency: ref(Currency), balance: ref(Amount) }), {
        description:
          'In lists: what the customer owes today per currency, its open invoices less its unapplied credit (negative when it is in credit); none when it owes nothing',
      }),
    ),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'Customer' },
);

type Address = {
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
} | null;

export function addressView(address: Address) {
  if (!address) return null;
  const { postalCode, ...rest } = address;
  return { ...rest, ...(postalCode !== undefined ? { postal_code: postalCode } : {}) };
}

export function contactView(row: {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  role: string;
  receives_reminders: boolean;
}) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    role: row.role,
    receives_reminders: row.receives_reminders,
  };
}

export function customerView(
  row: Omit<CustomerRow, 'org_id'> & { org_id?: string },
  contacts?: Parameters<typeof contactView>[0][],
  openBalances?: readonly OpenBalance[],
) {
  return {
    id: row.id,
    ref: row.ref,
    name: row.name,
    legal_name: row.legal_name,
    tax_id: row.tax_id,
    billing_address: addressView(row.billing_address as Address),
    currency: row.currency,
    terms: row.terms_code,
    credit_limit:
      row.credit_limit_minor === null ? null : formatAmount(row.credit_limit_minor, row.currency),
    credit_hold: row.credit_hold,
    tags: row.tags,
    notes: row.notes,
    collector_id: row.collector_id,
    registration_id: row.registration_id,
    electronic_address:
      row.electronic_address_scheme !== null && row.electronic_address_id !== null
        ? { scheme: row.electronic_address_scheme, id: row.electronic_address_id }
        : null,
    buyer_reference: row.buyer_reference,
    send_ubl: row.send_ubl,
    ...(contacts ? { contacts: contacts.map(contactView) } : {}),
    ...(openBalances
      ? {
          open_balances: openBalances.map((balance) => ({
            currency: balance.currency,
            balance: formatAmount(balance.balanceMinor, balance.currency),
          })),
        }
      : {}),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}
