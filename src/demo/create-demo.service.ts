import {
  generateBook,
  periodStartFor,
  planBook,
  type BookPlan,
  type GenerateBookOptions,
  type GeneratedBook,
} from './generator/generate-book.js';
import type { Actor } from '../core/actor.js';
import type { CalendarDate } from '../core/calendar-date.js';
import { AppError } from '../core/errors.js';
import { advanceSequencePast } from '../invoicing/number-documents.service.js';
import { loadBookInParts, type LoadedBook } from '../ledger/load-book.service.js';
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

function bookOptions(
  options: DemoOptions,
  currency: string,
  today: CalendarDate,
): GenerateBookOptions {
  const settings = demoSettings(options);
  return {
    seed: settings.seed,
    customers: settings.customers,
    invoices: settings.invoices,
    startOn: periodStartFor(today, settings.months),
    months: settings.months,
    currency,
    today,
  };
}

/** The demo business for an organization, whole: pure, nothing is written. */
export function generateDemo(
  options: DemoOptions,
  currency: string,
  today: CalendarDate,
): GeneratedBook {
  return generateBook(bookOptions(options, currency, today));
}

/** The demo business for an organization, to be made and written part by part (writeDemo). */
function planDemo(options: DemoOptions, currency: string, today: CalendarDate): BookPlan {
  return planBook(bookOptions(options, currency, today));
}

/**
 * How many invoices the demo makes and writes at a time: a part's documents are in memory only
 * while it is written, so a million invoices take about what fifty thousand do.
 */
export const demoPartInvoices = 50_000;

/** Invoices written so far, of how many. */
export type DemoProgress = (invoices: number, total: number) => void;

/**
 * Writes a generated business into the actor's organization in one transaction: customers and
 * contacts, then the book part by part through loadBookInParts, then moves the document sequences
 * past the generated numbers. Refuses an organization that has data.
 * Codes: organization_not_empty.
 */
export async function writeDemo(
  database: Database,
  actor: Actor,
  plan: BookPlan,
  label: string,
  onProgress: DemoProgress = () => undefined,
) {
  return database.transaction(async (tx) => {
    await lockDocumentSequences(tx.db, actor.orgId);
    if (await organizationHasData(tx.db, actor.orgId)) throw refuseNonEmpty();
    await copyCustomers(tx, actor.orgId, plan.customers);
    const contacts = await copyContacts(
      tx,
      actor.orgId,
      plan.customers.flatMap((customer) =>
        customer.contacts.map((contact) => ({ ...contact, customerId: customer.id })),
      ),
    );
    // The demo company's seller details, where the organization has none, so that every demo
    // invoice and credit note has what its PDF and e-invoice need (they freeze them when first
    // rendered).
    await fillMissingSellerDetails(tx.db, actor, missingSellerDetails);
    onProgress(0, plan.invoices);
    // About one payment per invoice: the size loadBookInParts plans the load by.
    const loaded = await loadBookInParts(
      tx,
      actor,
      plan.parts(demoPartInvoices),
      2 * plan.invoices,
      label,
      (sofar) => onProgress(sofar.invoices, plan.invoices),
    );
    await advanceSequencePast(tx.db, actor.orgId, 'invoice', 'invoices');
    await advanceSequencePast(tx.db, actor.orgId, 'credit_note', 'credit_notes');
    await recordAudit(tx.db, actor, [
      {
        action: 'demo.created',
        entityType: 'organization',
        entityId: actor.orgId,
        after: {
          label,
          customers: plan.customers.length,
          contacts,
          startOn: plan.startOn,
          endOn: plan.endOn,
        },
      },
    ]);
    return { ...loaded, customers: plan.customers.length, contacts };
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
  onProgress?: DemoProgress,
): Promise<DemoSummary> {
  const settings = demoSettings(options);
  const organization = await findOrganization(database.db, actor.orgId);
  if (!organization) throw AppError.notFound('organization');
  // Checked before the minutes of generating a large book, and again under lock when writing.
  if (await organizationHasData(database.db, actor.orgId)) throw refuseNonEmpty();
  const today = options.today ?? (await organizationToday(database.db, actor.orgId));
  const plan = planDemo(settings, organization.base_currency, today);
  const label = `demo seed=${settings.seed} customers=${settings.customers} invoices=${settings.invoices} months=${settings.months}`;
  const written = await writeDemo(database, actor, plan, label, onProgress);
  await analyzeDemo(database);
  return {
    ...written,
    seed: settings.seed,
    startOn: plan.startOn,
    endOn: plan.endOn,
    today,
  };
}
