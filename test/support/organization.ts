import { randomBytes } from 'node:crypto';
import { createOrganization } from '../../src/auth/create-organization.service.js';
import type { Actor } from '../../src/core/actor.js';
import type { CalendarDate } from '../../src/core/calendar-date.js';
import { createCustomer } from '../../src/customers/create-customer.service.js';
import type { CustomerInput } from '../../src/customers/customer.js';
import { updateCustomerCollections } from '../../src/dunning/customer-collections.service.js';
import { createPolicy } from '../../src/dunning/manage-policies.service.js';
import { runCollections } from '../../src/dunning/run-collections.service.js';
import { createInvoice } from '../../src/invoicing/create-invoice.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { onDay } from './clock.js';

/**
 * Tests isolate themselves by organization: each gets its own, so that tests in one file can
 * share a database without seeing each other's rows.
 */
export async function newOrganization(
  database: Database,
  options: { currency?: string; timeZone?: string } = {},
) {
  const suffix = randomBytes(4).toString('hex');
  const created = await createOrganization(database, {
    name: `Test Org ${suffix}`,
    baseCurrency: options.currency ?? 'EUR',
    timeZone: options.timeZone ?? 'UTC',
    ownerEmail: `owner-${suffix}@example.test`,
    ownerPassword: 'correct horse battery staple',
  });
  const actor: Actor = {
    orgId: created.orgId,
    type: 'user',
    id: created.ownerId,
    name: 'Test Owner',
    role: 'owner',
  };
  return { ...created, actor };
}

export async function newCustomer(
  database: Database,
  actor: Actor,
  overrides: { ref?: string; currency?: string; terms?: string } = {},
) {
  return createCustomer(database, actor, {
    ref: overrides.ref ?? `C-${randomBytes(3).toString('hex')}`,
    name: 'Acme Trading Ltd',
    currency: overrides.currency ?? 'EUR',
    terms: overrides.terms ?? 'NET30',
  });
}

/** An issued invoice of one line, untaxed, with its issue and due dates given. */
export async function issuedInvoiceDue(
  database: Database,
  actor: Actor,
  customerId: string,
  dates: { issuedOn: string; dueOn: string },
  amount: string,
) {
  return createInvoice(database, actor, {
    customerId,
    issuedOn: dates.issuedOn,
    dueOn: dates.dueOn,
    issue: true,
    lines: [{ description: 'Work', quantity: '1', unitPrice: amount, taxRate: '0' }],
  });
}

/**
 * A customer under a policy whose one step is a printed letter 21 days past due, with an invoice
 * of 321.00 due 2026-05-31, and the collections run of 2026-06-21 that writes the letter and its
 * task. Returns the customer and the invoice.
 */
export async function customerSentALetter(
  database: Database,
  actor: Actor,
  customer: CustomerInput,
) {
  const policy = await createPolicy(database, actor, {
    name: 'Letters',
    steps: [{ key: 'letter', offset_days: 21, action: { type: 'letter' } }],
  });
  const created = await createCustomer(database, actor, customer);
  await updateCustomerCollections(database, actor, created.id, { policyId: policy.id });
  const invoice = await issuedInvoiceDue(
    database,
    actor,
    created.id,
    { issuedOn: '2026-05-01', dueOn: '2026-05-31' },
    '321.00',
  );
  await onDay('2026-06-21', () =>
    runCollections(database, actor, {
      today: '2026-06-21' as CalendarDate,
      triggeredBy: 'api',
    }),
  );
  return { customer: created, invoice };
}
