import type { Actor } from '../core/actor.js';
import { compareDates, type CalendarDate } from '../core/calendar-date.js';
import { AppError, unwrap } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { limits } from '../core/limits.js';
import { issueFeeInvoice } from '../invoicing/issue-fee-invoice.service.js';
import { billingPostalAddress, sellerFromOrganization } from '../invoicing/parties.js';
import { findSellerRow, organizationToday } from '../organizations/find-organization.service.js';
import { findStoredFile, insertStoredFile } from '../platform/files/stored-files.sql.js';
import { addressLines, type LetterheadParty } from '../rendering/pdf/letter-parties.js';
import { recordAudit, recordAuditBulk } from '../platform/audit/audit.sql.js';
import type { Database, Db, Tx } from '../platform/db/database.js';
import {
  daysOverdue,
  describeSummary,
  candidatesBySlice,
  planCustomers,
  planSteps,
  previewActions,
  summarizeRun,
  type CustomerPlan,
  type PlannedStep,
  type RunCandidate,
  type PreviewAction,
  type RunSummary,
} from './collections-run.js';
import {
  finishRun,
  holdCredit,
  insertLateCharges,
  insertRun,
  lateChargesSoFar,
  markRunThrough,
  messageCustomers,
  openCredits,
  openInvoicesOf,
  organizationMailFacts,
  runCandidates,
  collectionCustomerIds,
  copySteps,
  isStepDoneTwice,
  refreshStepStatistics,
  type MessageCustomer,
  type OpenCredit,
  type CustomerRange,
  type RunScope,
  type StepRecord,
} from './collections-run.sql.js';
import { dunningLetterhead, dunningLetterPdf } from './dunning-letter-pdf.js';
import { lateChargeLines } from './late-charges.js';
import { ensureDefaultPolicies } from './manage-policies.service.js';
import {
  builtInTemplates,
  type MessageContext,
  type MessageInvoiceLine,
  type MessageTemplate,
  renderMessage,
  renderSubject,
  storedContext,
} from '../messaging/message-template.js';
import {
  queueMessages,
  storedTemplates,
  type NewOutboxMessage,
  type OutboxAttachment,
} from '../messaging/queue-messages.service.js';
import { lateChargeRuleFor, type Policy } from './policy.js';
import { policyFromJson, type StepJson } from './policy-json.js';
import { listPolicyRows, lockOrganizationCollections } from './policy.sql.js';
import { reviewCommitments } from '../commitments/review-commitments.service.js';
import { addTasks, type NewTask } from '../worklist/add-tasks.service.js';

/** Customers decided and written per transaction: a crash loses at most one slice, which the next run redoes. */
const customersPerSlice = 2000;

export interface RunOptions {
  readonly today?: CalendarDate | undefined;
  readonly dryRun?: boolean | undefined;
  readonly triggeredBy: 'scheduler' | 'cli' | 'api';
}

export interface RunResult {
  readonly runId: string | null;
  readonly runOn: CalendarDate;
  readonly dryRun: boolean;
  readonly summary: RunSummary;
  readonly description: string;
  readonly actions: readonly PreviewAction[];
  readonly messagesQueued: number;
  /** The letters the run wrote, each through the task to post it (empty for a dry run). */
  readonly letters: readonly RunLetter[];
  readonly commitments: Awaited<ReturnType<typeof reviewCommitments>> | null;
}

export interface RunLetter {
  readonly taskId: string;
  readonly customerId: string;
  readonly customerName: string;
}

interface PolicySet {
  readonly policies: ReadonlyMap<string, Policy>;
  readonly leadDays: number;
  readonly scope: RunScope;
}

async function policySet(db: Db, orgId: string, today: CalendarDate): Promise<PolicySet> {
  const rows = await listPolicyRows(db, orgId, { includeArchived: true });
  const policies = new Map(
    rows.map((row) => [row.id, unwrap(policyFromJson(row.name, row.steps as StepJson[]))]),
  );
  const defaultId = rows.find((row) => row.is_default && !row.archived_at)!.id;
  // Steps before the due date reach invoices that are not due yet: look that far ahead.
  const earliest = Math.min(
    0,
    ...[...policies.values()].flatMap((policy) => policy.steps.map((step) => step.offsetDays)),
  );
  const steps = [...policies].flatMap(([policyId, policy]) =>
    policy.steps.map((step) => ({ policyId, key: step.key, offsetDays: step.offsetDays })),
  );
  return {
    policies,
    leadDays: -earliest,
    scope: { orgId, today, defaultPolicyId: defaultId, steps },
  };
}

/**
 * Runs the collections of an organization for a day: decides promises and plans, then for every
 * unpaid invoice the step its policy reaches today, and writes what the steps do: one message per
 * customer into the outbox, tasks, letters, late-fee invoices and credit holds. Steps are recorded
 * per invoice, so running the same day again, or catching up after days without a run, never
 * does a step twice. A dry run decides the same and writes nothing; it may be for any day, a
 * real run only for today. Messages are delivered after the run (deliverOutbox), not inside it.
 * Codes: run_date_not_today.
 */
export async function runCollections(
  database: Database,
  actor: Actor,
  options: RunOptions,
): Promise<RunResult> {
  const realToday = await organizationToday(database.db, actor.orgId);
  const today = options.today ?? realToday;
  const dryRun = options.dryRun ?? false;
  // A run sends messages now, so it is for today: a run "for" another day would send today what
  // that day's customers should have had then. Any other day can be previewed.
  if (!dryRun && today !== realToday) {
    throw new AppError(
      'invalid',
      'run_date_not_today',
      `A run acts today (${realToday}); ${today} can only be previewed (dry run).`,
      'date',
    );
  }
  const prepared = await database.transaction(async (tx) => {
    await ensureDefaultPolicies(tx.db, actor);
    if (dryRun) return { runId: null, commitments: null };
    await lockOrganizationCollections(tx.db, actor.orgId);
    const commitments = await reviewCommitments(tx, actor, today);
    const runId = newId();
    await insertRun(tx.db, actor.orgId, {
      id: runId,
      runOn: today,
      triggeredBy: options.triggeredBy,
    });
    return { runId, commitments };
  });
  const set = await policySet(database.db, actor.orgId, today);
  const plans: CustomerPlan[] = [];
  const planned: PlannedStep[] = [];
  let messagesQueued = 0;
  const letters: RunLetter[] = [];
  if (dryRun) {
    // A preview writes nothing, so one read decides every customer.
    const candidates = await database.transaction((tx) =>
      runCandidates(tx.db, set.scope, 'all', set.leadDays),
    );
    planned.push(...planSteps(candidates, set.policies, today));
    plans.push(...planCustomers(planned));
  } else {
    for (const written of await runSlices(database, actor, prepared.runId!, set, today)) {
      planned.push(...written.steps);
      plans.push(...written.slicePlans);
      messagesQueued += written.queued;
      letters.push(...written.letters);
    }
  }
  const summary = summarizeRun(plans);
  const description = describeSummary(summary);
  if (!dryRun) {
    await database.transaction(async ({ db }) => {
      // The next run's read looks up each candidate's steps done: planned for the empty table a
      // first run started from, it would scan the table for every invoice.
      await refreshStepStatistics(db, planned.length);
      await finishRun(db, actor.orgId, prepared.runId!, {
        ...summary,
        commitments: prepared.commitments,
      });
      await markRunThrough(db, actor.orgId, today);
      await recordAudit(db, actor, [
        {
          action: 'collections.run',
          entityType: 'collection_run',
          entityId: prepared.runId!,
          after: { runOn: today, summary, description },
        },
      ]);
    });
  }
  return {
    runId: prepared.runId,
    runOn: today,
    dryRun,
    summary,
    description,
    actions: previewActions(planned),
    messagesQueued,
    letters,
    commitments: prepared.commitments,
  };
}

interface SliceWritten {
  readonly steps: PlannedStep[];
  readonly slicePlans: CustomerPlan[];
  readonly queued: number;
  readonly letters: RunLetter[];
}

const nothingWritten: SliceWritten = { steps: [], slicePlans: [], queued: 0, letters: [] };

/**
 * Slices read and slices written at once, each in its own transaction on its own connection. The
 * slices are read ahead of the writing, so PostgreSQL reads the next while it stores one and
 * Node decides and makes a third; a second run of the day, which only reads, reads two at a time.
 * The embedded database, with one connection, reads the book once instead.
 * Slices are whole customers, so they share no row but the organization's (a late-fee invoice's
 * number, its ledger day totals), which they wait for.
 */
const slicesReadInFlight = 2;
const slicesWrittenInFlight = 2;

/**
 * Decides and writes the run, customersPerSlice customers at a time in customer order; the
 * results in that order.
 */
async function runSlices(
  database: Database,
  actor: Actor,
  runId: string,
  set: PolicySet,
  today: CalendarDate,
): Promise<SliceWritten[]> {
  const customerIds = await collectionCustomerIds(database.db, actor.orgId);
  const slices: CustomerRange[] = [];
  for (let start = 0; start < customerIds.length; start += customersPerSlice) {
    const last = Math.min(start + customersPerSlice, customerIds.length) - 1;
    slices.push({ first: customerIds[start]!, last: customerIds[last]! });
  }
  const reads = slices.map(() => settleLater<readonly RunCandidate[]>());
  let nextRead = 0;
  let nextWrite = 0;
  let failed = false;
  // On a failure no slice is begun any more, and none waits for a read that will not come: the
  // run returns (throws) only once the slices begun have ended, never with writes going on.
  const stop = (error: unknown) => {
    failed = true;
    for (const read of reads.slice(nextRead)) read.reject(error);
    nextRead = slices.length;
    nextWrite = slices.length;
  };
  const reader = async () => {
    if (database.engine === 'pglite') {
      // One connection: reading ahead cannot overlap the writing, and one read of the book costs
      // half of ten reads of its slices.
      try {
        const all = await database.transaction((tx) =>
          runCandidates(tx.db, set.scope, 'all', set.leadDays),
        );
        nextRead = slices.length;
        candidatesBySlice(all, slices).forEach((slice, index) => reads[index]!.resolve(slice));
      } catch (error) {
        stop(error);
        throw error;
      }
      return;
    }
    while (nextRead < slices.length) {
      const index = nextRead++;
      try {
        reads[index]!.resolve(
          await database.transaction((tx) =>
            runCandidates(tx.db, set.scope, slices[index]!, set.leadDays),
          ),
        );
      } catch (error) {
        reads[index]!.reject(error);
        stop(error);
        throw error;
      }
    }
  };
  const written: SliceWritten[] = [];
  const writer = async () => {
    while (nextWrite < slices.length) {
      const index = nextWrite++;
      try {
        const candidates = await reads[index]!.promise;
        if (failed) return;
        written[index] =
          candidates.length === 0
            ? nothingWritten
            : await writeSlice(database, actor, runId, set, today, slices[index]!, candidates);
      } catch (error) {
        stop(error);
        throw error;
      }
    }
  };
  const readers = database.engine === 'pglite' ? 1 : slicesReadInFlight;
  const ended = await Promise.allSettled([
    ...Array.from({ length: Math.min(readers, slices.length) }, reader),
    ...Array.from({ length: Math.min(slicesWrittenInFlight, slices.length) }, writer),
  ]);
  const failure = ended.find((end) => end.status === 'rejected');
  if (failure) throw failure.reason;
  return written;
}

/** A promise settled from outside; marked handled, since its reader may fail before anyone waits. */
function settleLater<T>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** A slice refused this often by another run's steps stops the run rather than trying forever. */
const sliceAttemptsMax = 3;

/**
 * Writes one slice of the run in a transaction of its own, decided from the slice's read.
 * Another run of the day that wrote between that read and this write (the scheduler and a
 * collector's CLI, say) may have done some of its steps already: the steps' unique key then
 * refuses the slice, which is read again under the organization's collections lock and decided
 * anew. A step is never done twice, and the usual run pays no check and takes no lock.
 */
async function writeSlice(
  database: Database,
  actor: Actor,
  runId: string,
  set: PolicySet,
  today: CalendarDate,
  customers: CustomerRange,
  read: readonly RunCandidate[],
): Promise<SliceWritten> {
  const write = (fresh: boolean) =>
    database.transaction(async (tx) => {
      let candidates = read;
      if (fresh) {
        await lockOrganizationCollections(tx.db, actor.orgId);
        candidates = await runCandidates(tx.db, set.scope, customers, set.leadDays);
      }
      const steps = planSteps(candidates, set.policies, today);
      const slicePlans = planCustomers(steps);
      const result = await writePlans(tx, actor, runId, today, slicePlans);
      return { steps, slicePlans, ...result };
    });
  for (let attempt = 1; ; attempt++) {
    try {
      return await write(attempt > 1);
    } catch (error) {
      if (!isStepDoneTwice(error) || attempt === sliceAttemptsMax) throw error;
    }
  }
}

async function writePlans(
  tx: Tx,
  actor: Actor,
  runId: string,
  today: CalendarDate,
  plans: readonly CustomerPlan[],
): Promise<{ queued: number; letters: RunLetter[] }> {
  if (plans.length === 0) return { queued: 0, letters: [] };
  const steps = stepRecords(runId, today, plans);
  await copySteps(tx, actor.orgId, steps);
  const facts = await messageFacts(tx.db, actor, plans);
  // Each message is made when the COPY reads it (madeMessages): on PostgreSQL the server stores
  // the ones sent while the next are made, where making them all first left it idle.
  const messages: (() => NewOutboxMessage)[] = [];
  const tasks: NewTask[] = [];
  const letters: RunLetter[] = [];
  for (const plan of plans) {
    const customer = facts.customers.get(plan.customerId)!;
    // Only a message or a letter says anything: a plan of tasks alone needs no context.
    const context =
      plan.message || plan.letter ? messageContext(facts, customer, plan, today) : null;
    if (plan.message && context) {
      const template = facts.template(plan.message.templateKey);
      messages.push(() => outboxMessage(actor.orgId, runId, plan, customer, template, context));
    }
    tasks.push(...planTasks(runId, today, plan, customer));
    if (plan.letter && context) {
      const letterTask = await writeLetter(
        tx.db,
        actor,
        runId,
        today,
        plan,
        customer,
        facts,
        context,
      );
      tasks.push(letterTask);
      letters.push({
        taskId: letterTask.id,
        customerId: plan.customerId,
        customerName: customer.name,
      });
    }
    if (plan.lateFees.length > 0) await chargeLateFees(tx.db, actor, today, plan.lateFees);
  }
  if (messages.length > 0) await queueMessages(tx, madeMessages(messages));
  await addTasks(tx, actor.orgId, tasks);
  await holdCredits(tx, actor, plans);
  return { queued: messages.length, letters };
}

function* madeMessages(messages: readonly (() => NewOutboxMessage)[]): Generator<NewOutboxMessage> {
  for (const make of messages) yield make();
}

function stepRecords(
  runId: string,
  today: CalendarDate,
  plans: readonly CustomerPlan[],
): StepRecord[] {
  const records: StepRecord[] = [];
  for (const plan of plans) {
    for (const { candidate, step } of plan.steps) {
      records.push({
        id: newId(),
        runId,
        customerId: candidate.customerId,
        invoiceId: candidate.invoiceId,
        policyId: candidate.policyId,
        stepKey: step.key,
        action: step.action.type,
        outcome: 'fired',
        doneOn: today,
      });
    }
  }
  return records;
}

/** An invoice as a message lists it; days overdue are counted when the message is built. */
type InvoiceLine = Omit<MessageInvoiceLine, 'daysOverdue'>;

interface MessageFacts {
  readonly customers: ReadonlyMap<string, MessageCustomer>;
  readonly credits: ReadonlyMap<string, OpenCredit[]>;
  readonly statementInvoices: ReadonlyMap<string, InvoiceLine[]>;
  readonly company: MessageContext['company'];
  readonly letterhead: LetterheadParty;
  readonly portalUrl: string | null;
  template(key: string): MessageTemplate;
  /** The seller's logo for letters, read once a run needs it. */
  logo(): Promise<Uint8Array | null>;
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row)) ?? [];
    list.push(row);
    groups.set(key(row), list);
  }
  return groups;
}

async function messageFacts(
  db: Db,
  actor: Actor,
  plans: readonly CustomerPlan[],
): Promise<MessageFacts> {
  const ids = plans.map((plan) => plan.customerId);
  const statementIds = plans
    .filter((plan) => plan.message?.kind === 'statement')
    .map((plan) => plan.customerId);
  // One after the other: inside a transaction they share one connection.
  const customers = await messageCustomers(db, actor.orgId, ids);
  const credits = await openCredits(db, actor.orgId, ids);
  const statementRows = await openInvoicesOf(db, actor.orgId, statementIds);
  const organization = await organizationMailFacts(db, actor.orgId);
  const templates = new Map(
    (await storedTemplates(db, actor.orgId)).map((template) => [template.key, template]),
  );
  const details = (organization.company_details ?? {}) as Record<string, string | null | undefined>;
  const sellerRow = await findSellerRow(db, actor.orgId);
  const seller = sellerFromOrganization(sellerRow);
  const company = {
    name: details.name ?? organization.name,
    email: details.email ?? organization.mail_from ?? null,
    phone: details.phone ?? null,
    address: details.address ?? null,
    bankDetails: details.bank_details ?? null,
  };
  let logo: Promise<Uint8Array | null> | undefined;
  return {
    customers,
    credits: groupBy(credits, (credit) => credit.customer_id),
    statementInvoices: new Map(
      [...groupBy(statementRows, (row) => row.customer_id)].map(([id, rows]) => [
        id,
        rows.map((row) => ({
          number: row.number,
          issuedOn: row.issued_on,
          dueOn: row.due_on,
          currency: row.currency,
          totalMinor: row.total_minor,
          openMinor: row.open_minor,
        })),
      ]),
    ),
    company,
    letterhead: dunningLetterhead({ details: seller, legalName: sellerRow.legal_name }, company),
    portalUrl: organization.portal_url,
    template: (key) =>
      templates.get(key) ?? builtInTemplates[key] ?? builtInTemplates.reminder_overdue!,
    logo: () =>
      (logo ??= seller.logoDocumentId
        ? findStoredFile(db, actor.orgId, seller.logoDocumentId).then(
            (file) => file?.content ?? null,
          )
        : Promise.resolve(null)),
  };
}

function messageContext(
  facts: MessageFacts,
  customer: MessageCustomer,
  plan: CustomerPlan,
  today: CalendarDate,
): MessageContext {
  const reached: InvoiceLine[] = plan.steps.map(({ candidate }) => ({
    number: candidate.number,
    issuedOn: candidate.issuedOn,
    dueOn: candidate.dueOn,
    currency: candidate.currency,
    totalMinor: candidate.totalMinor,
    openMinor: candidate.openMinor,
  }));
  const statement = facts.statementInvoices.get(plan.customerId);
  const invoices = (plan.message?.kind === 'statement' && statement ? statement : reached).map(
    (line) => ({
      ...line,
      daysOverdue: daysOverdue(line.dueOn as CalendarDate, today),
    }),
  );
  const contact = customer.contacts[0];
  return {
    today,
    customer: { ref: customer.ref, name: customer.name, legalName: customer.legal_name },
    contact: contact ? { name: contact.name } : null,
    company: facts.company,
    collector:
      customer.collector_name && customer.collector_email
        ? { name: customer.collector_name, email: customer.collector_email }
        : null,
    invoices,
    credits: (facts.credits.get(plan.customerId) ?? []).map((credit) => ({
      kind: credit.item_type,
      reference: credit.reference,
      date: credit.document_on,
      currency: credit.currency,
      unappliedMinor: credit.unapplied_minor,
    })),
    portalUrl: facts.portalUrl,
  };
}

function outboxMessage(
  orgId: string,
  runId: string,
  plan: CustomerPlan,
  customer: MessageCustomer,
  template: MessageTemplate,
  context: MessageContext,
): NewOutboxMessage {
  return {
    id: newId(),
    orgId,
    customerId: plan.customerId,
    runId,
    kind: plan.message!.kind,
    templateKey: template.key,
    toAddresses: customer.contacts.map((contact) => contact.email),
    replyTo: customer.collector_email,
    // The subject shows in lists; the bodies are rendered from the context when the message is
    // read or sent (with the settings of that moment), so a run does not render them all.
    subject: renderSubject(template, context),
    bodyText: null,
    bodyHtml: null,
    attachments: invoicePdfAttachments(plan),
    invoiceIds: plan.steps
      .map((planned) => planned.candidate.invoiceId)
      .slice(0, limits.invoicesPerCommitmentMax),
    renderContext: storedContext(context),
  };
}

/**
 * A reminder carries the PDFs of the invoices it lists, so that the customer can pay from the
 * mail without asking for a copy; delivery renders them (or takes them from the store). A long
 * list attaches its first invoices only: a mail with dozens of files is refused by many servers.
 */
export const reminderPdfsMax = 10;

function invoicePdfAttachments(plan: CustomerPlan): OutboxAttachment[] {
  const seen = new Set<string>();
  return plan.steps
    .map((planned) => planned.candidate)
    .filter((candidate) => !seen.has(candidate.invoiceId) && seen.add(candidate.invoiceId))
    .slice(0, reminderPdfsMax)
    .map((candidate) => ({
      documentId: null,
      renders: { sourceType: 'invoice', sourceId: candidate.invoiceId, format: 'pdf' },
      fileName: `${candidate.number.replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`,
      contentType: 'application/pdf',
    }));
}

const taskTitles: Record<'call' | 'review' | 'email' | 'escalate', string> = {
  call: 'Call about overdue invoices',
  review: 'Review the account',
  email: 'Write to the customer',
  escalate: 'Escalate the account',
};

function planTasks(
  runId: string,
  today: CalendarDate,
  plan: CustomerPlan,
  customer: MessageCustomer,
): NewTask[] {
  const assigneeId = customer.collector_id;
  const invoiceIds = plan.steps.map((planned) => planned.candidate.invoiceId);
  const task = (kind: NewTask['kind'], title: string): NewTask => ({
    id: newId(),
    customerId: plan.customerId,
    kind,
    title: `${title}: ${customer.name}`,
    assigneeId,
    dueOn: today,
    notes: null,
    invoiceIds,
    source: 'policy',
    createdBy: null,
    documentId: null,
    runId,
  });
  const tasks = plan.taskKinds.map((kind) => task(kind, taskTitles[kind]));
  if (plan.handover)
    tasks.push(
      task(
        'escalate',
        plan.handover === 'legal'
          ? 'Hand the account over to legal'
          : 'Hand the account over to a collection agency',
      ),
    );
  return tasks;
}

async function writeLetter(
  db: Db,
  actor: Actor,
  runId: string,
  today: CalendarDate,
  plan: CustomerPlan,
  customer: MessageCustomer,
  facts: MessageFacts,
  context: MessageContext,
): Promise<NewTask> {
  const rendered = renderMessage(facts.template(plan.letter!.templateKey), context);
  const totals = new Map<string, bigint>();
  for (const line of context.invoices)
    totals.set(line.currency, (totals.get(line.currency) ?? 0n) + line.openMinor);
  const pdf = await dunningLetterPdf({
    sender: facts.letterhead,
    logo: await facts.logo(),
    customer: {
      name: customer.name,
      legalName: customer.legal_name,
      address: addressLines(billingPostalAddress(customer.billing_address)),
    },
    date: today,
    subject: rendered.subject,
    paragraphs: rendered.text.split(/\n{2,}/).filter((paragraph) => paragraph.trim() !== ''),
    invoices: context.invoices,
    totals: [...totals].map(([currency, openMinor]) => ({ currency, openMinor })),
  });
  const documentId = newId();
  await insertStoredFile(db, actor.orgId, {
    id: documentId,
    customerId: plan.customerId,
    kind: 'letter',
    fileName: `letter-${customer.ref}-${today}.pdf`,
    contentType: 'application/pdf',
    content: pdf,
    createdBy: actor.id,
  });
  return {
    id: newId(),
    customerId: plan.customerId,
    kind: 'letter',
    title: `Print and post the dunning letter: ${customer.name}`,
    assigneeId: customer.collector_id,
    dueOn: today,
    notes: null,
    invoiceIds: plan.steps.map((planned) => planned.candidate.invoiceId),
    source: 'policy',
    createdBy: null,
    documentId,
    runId,
  };
}

/**
 * One late-fee invoice per currency for a customer's invoices that reached a late-fee step. What
 * each charge covers is recorded in late_charges, so a one-off fee is charged once per invoice and
 * interest never twice for the same days, whatever the run schedule.
 */
async function chargeLateFees(
  db: Db,
  actor: Actor,
  today: CalendarDate,
  steps: readonly PlannedStep[],
): Promise<void> {
  const charged = await lateChargesSoFar(
    db,
    actor.orgId,
    steps.map((planned) => planned.candidate.invoiceId),
  );
  for (const [currency, group] of groupBy(steps, (planned) => planned.candidate.currency)) {
    const charges: {
      invoiceId: string;
      kind: string;
      amountMinor: bigint;
      from: string | null;
      through: string | null;
      description: string;
    }[] = [];
    for (const { candidate, step } of group) {
      if (step.action.type !== 'late_fee') continue;
      const so = charged.get(candidate.invoiceId);
      const lines = lateChargeLines(
        lateChargeRuleFor(step.action.charge, currency),
        { currency, dueOn: candidate.dueOn, openMinor: candidate.openMinor },
        {
          interestThrough: (so?.interest_through ?? null) as CalendarDate | null,
          oneOffCharged: so?.one_off_charged ?? false,
        },
        today,
      );
      // A statutory preset on an invoice in another currency charges nothing rather than stopping the run.
      if (!lines.ok) continue;
      for (const line of lines.value) {
        charges.push({
          invoiceId: candidate.invoiceId,
          kind: line.kind,
          amountMinor: line.amountMinor,
          from: line.from ?? null,
          through: line.through ?? null,
          description: `${line.description} (invoice ${candidate.number})`,
        });
      }
    }
    if (charges.length === 0) continue;
    const feeInvoiceId = await issueFeeInvoice(db, actor, {
      customerId: group[0]!.candidate.customerId,
      currency,
      issuedOn: today,
      charges,
    });
    await insertLateCharges(
      db,
      actor.orgId,
      charges.map((charge) => ({ ...charge, id: newId(), feeInvoiceId })),
    );
  }
}

async function holdCredits(tx: Tx, actor: Actor, plans: readonly CustomerPlan[]): Promise<void> {
  const held = await holdCredit(
    tx.db,
    actor.orgId,
    plans.filter((plan) => plan.creditHold).map((plan) => plan.customerId),
  );
  if (held.length === 0) return;
  // Written with COPY: a slice puts up to a couple of thousand customers on hold.
  await recordAuditBulk(
    tx,
    actor,
    held.map((id) => ({
      action: 'customer.credit_hold',
      entityType: 'customer',
      entityId: id,
      before: { creditHold: false },
      after: { creditHold: true, by: 'collections policy' },
    })),
  );
}

/** Whether a day's run is due: the scheduler runs each day after the last one run through. */
export function runDue(runThrough: CalendarDate | null, today: CalendarDate): boolean {
  return runThrough === null || compareDates(runThrough, today) < 0;
}
