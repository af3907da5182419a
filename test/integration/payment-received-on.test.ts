// A payment recorded without a date is dated today in its own organization's time zone: the payment
// reads its customer and that time zone in one statement (findCustomerAndToday), so this proves the
// join took the payer's organization and not another's or UTC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationToday } from '../../src/organizations/find-organization.service.js';
import type { Database } from '../../src/platform/db/database.js';
import { recordPayment } from '../../src/payments/record-payment.service.js';
import { newCustomer, newOrganization } from '../support/organization.js';
import { openTestDatabase } from '../support/test-database.js';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('a payment without a date', () => {
  it('is dated today where its organization is, 26 hours apart across the date line', async () => {
    // UTC+14 and UTC−12 never share a date, and at any hour at least one of them differs from UTC.
    const east = await newOrganization(database, { timeZone: 'Pacific/Kiritimati' });
    const west = await newOrganization(database, { timeZone: 'Etc/GMT+12' });
    const dated = [];
    for (const org of [east, west]) {
      const customer = await newCustomer(database, org.actor);
      const payment = await recordPayment(database, org.actor, {
        customerId: customer.id,
        amount: '10.00',
        method: 'bank_transfer',
      });
      dated.push(payment.received_on);
      expect(payment.received_on).toBe(await organizationToday(database.db, org.actor.orgId));
    }
    expect(dated[0]).not.toBe(dated[1]);
  });

  it("refuses another organization's customer as not found", async () => {
    const owner = await newOrganization(database);
    const other = await newOrganization(database);
    const customer = await newCustomer(database, owner.actor);
    await expect(
      recordPayment(database, other.actor, {
        customerId: customer.id,
        amount: '10.00',
        method: 'bank_transfer',
      }),
    ).rejects.toMatchObject({ code: 'customer_not_found' });
  });
});
