import { generateBook, periodStartFor, type GeneratedBook } from './generator/generate-book.js';
import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { AppError } from '../core/errors.js';
import { advanceSequencePast } from '../invoicing/number-documents.service.js';
import { loadBook, type LoadedBook } from '../ledger/load-book.service.js';
import { findOrganization } from '../organizations/find-organization.service.js';
import { organizationToday } from '../organizations/find-organization.service.js';
import { recordAudit } from '../platform/audit/audit.sql.js';
import type { Database, Db } from '../platform/db/database.js';
import { fillMissingSellerDetails } from '../organizations/manage-seller-details.service.js';
import { missingSellerDetails } from './generator/seller.js';
import {
  copyContacts,
  copyCustomers,
  lockDocumentSequences,
  organizationHasData,
  vacuumAnalyzeDemoTables,
} from './demo.sql.js';

/**
 * Fills an empty organization with a generated business: customers with contacts and payment
 * habits, and a year or more of invoices, credit notes, payments, reversals and write-offs ending
 * today, so that every screen and report has something realistic to show.
 */
export interface DemoOptions {
  readonly seed?: number | undefined;
  readonly customers?: number | undefined;
  readonly invoices?: number | undefined;
  readonly months?: number | undefined;
  /** The last day of the history; default the organization's today. */
  readonly today?: CalendarDate | undefined;
}

export const demoDefaults = { seed: 1, customers: 200, invoices: 5_000, months: 15 } as const;

/** Bounds of the demo's options: a million invoices is the benchmark size, twice that the ceiling. */
export const demoLimits = {
  customersMax: 200_000,
  invoicesMax: 2_000_000,
  monthsMax: 120,
} as const;

export interface DemoSummary extends LoadedBook {
  readonly seed: number;
  readonly customers: number;
  readonly contacts: number;
  readonly startOn: CalendarDate;
  readonly endOn: CalendarDate;
  readonly today: CalendarDate;
}

function wholeNumber(
  value: number | undefined,
  fallback: number,
  field: string,
  min: number,
  max: number,
): number {
  const number = value ?? fallback;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new AppError(
      'invalid',
      'demo_option_invalid',
      `${field} must be a whole number from ${min} to ${max}.`,
      field,
    );
  }
  return number;
}

/** The options with their defaults, checked. Codes: demo_option_invalid. */
export function demoSettings(options: DemoOptions) {
  return {
    seed: wholeNumber(options.seed, demoDefaults.seed, 'seed', 0, 2 ** 32 - 1),
    customers: wholeNumber(
      options.customers,
      demoDefaults.customers,
      'customers',
      1,
      demoLimits.customersMax,
    ),
    invoices: wholeNumber(
      options.invoices,
      demoDefaults.invoices,
      'invoices',
      0,
      demoLimits.invoicesMax,
    ),
    months: wholeNumber(options.months, demoDefaults.months, 'months', 1, demoLimits.monthsMax),
  };
}

function refuseNonEmpty(): AppError {
  return new AppError(
    'conflict',
    'organization_not_empty',
    'The organization already has customers, invoices or payments; demo data goes only into an empty one. ' +
      'Use a fresh database (--data DIR) or another organization (--org).',
  );
}

/** Generates the demo business for an organization: pure, nothing is written. */
export function generateDemo(
  options: DemoOptions,
  currency: string,
  today: CalendarDate,
): GeneratedBook {
  const settings = demoSettings(options);
  return generateBook({
    seed: settings.seed,
    customers: settings.customers,
    invoices: settings.invoices,
    startOn: periodStartFor(today, settings.months),
    months: settings.months,
    currency,
    today,
  });
}

/**
 * Writes a generated business into the actor's organization in one transaction: customers and
 * contacts, then the book through loadBook, then moves the document sequences past the generated
 * numbers. Refuses an organization that has data. Codes: organization_not_empty.
 */
export async function writeDemo(
  database: Database,
  actor: Actor,
  generated: GeneratedBook,
  label: string,
) {
  return database.transaction(async (tx) => {
    await lockDocumentSequences(tx.db, actor.orgId);
    if (await organizationHasData(tx.db, actor.orgId)) throw refuseNonEmpty();
    await copyCustomers(tx, actor.orgId, generated.customers);
    const contacts = await copyContacts(
      tx,
      actor.orgId,
      generated.customers.flatMap((customer) =>
        customer.contacts.map((contact) => ({ ...contact, customerId: customer.id })),
      ),
    );
    // The demo company's seller details, where the organization has none, so that every demo
    // invoice and credit note has what its PDF and e-invoice need (they freeze them when first
    // rendered).
    await fillMissingSellerDetails(tx.db, actor, missingSellerDetails);
    const loaded = await loadBook(tx, actor, generated.book, label);
    await advanceSequencePast(tx.db, actor.orgId, 'invoice', 'invoices');
    await advanceSequencePast(tx.db, actor.orgId, 'credit_note', 'credit_notes');
    await recordAudit(tx.db, actor, [
      {
        action: 'demo.created',
        entityType: 'organization',
        entityId: actor.orgId,
        after: {
          label,
          customers: generated.customers.length,
          contacts,
          startOn: generated.startOn,
          endOn: generated.endOn,
        },
      },
    ]);
    return { ...loaded, customers: generated.customers.length, contacts };
  });
}

/** Statistics (and on PGlite the visibility map) for the freshly loaded tables. */
export async function analyzeDemo(database: Database): Promise<void> {
  await vacuumAnalyzeDemoTables(database);
}

/**
 * Generates and writes a demo business ending today, then analyses the tables.
 * Codes: demo_option_invalid, organization_not_found, organization_not_empty.
 */
export async function createDemo(
  database: Database,
  actor: Actor,
  options: DemoOptions = {},
): Promise<DemoSummary> {
  const settings = demoSettings(options);
  const organization = await findOrganization(database.db, actor.orgId);
  if (!organization) throw AppError.notFound('organization');
  // Checked before the minutes of generating a large book, and again under lock when writing.
  if (await organizationHasData(database.db, actor.orgId)) throw refuseNonEmpty();
  const today = options.today ?? (await organizationToday(database.db, actor.orgId));
  const generated = generateDemo(settings, organization.base_currency, today);
  const label = `demo seed=${settings.seed} customers=${settings.customers} invoices=${settings.invoices} months=${settings.months}`;
  const written = await writeDemo(database, actor, generated, label);
  await analyzeDemo(database);
  return {
    ...written,
    seed: settings.seed,
    startOn: generated.startOn,
    endOn: generated.endOn,
    today,
  };
}
