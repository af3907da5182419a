import { useState, type ReactNode } from 'react';
import type {
  Aging,
  CollectionTaskPage,
  Contact,
  Customer,
  CustomerCollectionSettings,
  DisputePage,
  InvoiceList,
  PaymentPlanPage,
  PersonList,
  PromisePage,
  TimelineEntry,
  TimelinePage,
} from '../../api/types';
import { getJson } from '../../api/client';
import { useApiGet, type Loaded } from '../../api/use-api-get';
import { ActionDialog } from '../../components/dialog';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { ReportTable } from '../../components/report-table';
import { TableScroll } from '../../components/table-scroll';
import { TermList, type Terms } from '../../components/term-list';
import { formatAmount } from '../../format/money';
import { useCan } from '../../permissions';
import { Link } from '../../routing';
import { AgingAmountCells, AgingColumnHeaders } from '../aging/aging-cells';
import { CustomerActions } from './actions/customer-actions';
import { SendEmailDialog } from '../collections/send-email-dialog';
import {
  ContactForm,
  contactRoleLabels,
  EditCustomerForm,
  RemoveContactForm,
} from './customer-editor';
import { telHref } from './customer-form';
import './customers.css';

/** What a section shows while its part of the page loads or when it cannot. */
function Section<T>({
  id,
  title,
  loaded,
  what,
  children,
  actions,
}: {
  id: string;
  title: string;
  loaded: Loaded<T>;
  what: string;
  children: (data: T) => ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="customer-section" aria-labelledby={id}>
      <div className="customer-section-heading">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {loaded.state === 'loading' && <Loading what={what} />}
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} />}
      {loaded.state === 'loaded' && children(loaded.data)}
    </section>
  );
}

const statusLabels: Readonly<Record<string, string>> = {
  open: 'Open',
  partially_paid: 'Partially paid',
  paid: 'Paid',
  written_off: 'Written off',
  void: 'Void',
  draft: 'Draft',
  kept: 'Kept',
  broken: 'Broken',
  cancelled: 'Cancelled',
  resolved: 'Resolved',
  rejected: 'Rejected',
  active: 'Active',
  completed: 'Completed',
  done: 'Done',
};

const label = (status: string) => statusLabels[status] ?? status;

function Details({
  customer,
  people,
  collections,
}: {
  customer: Customer;
  people: Loaded<PersonList>;
  collections: Loaded<CustomerCollectionSettings>;
}) {
  const collector =
    customer.collector_id === null
      ? 'None'
      : people.state === 'loaded'
        ? (people.data.items.find((person) => person.id === customer.collector_id)?.name ??
          customer.collector_id)
        : '…';
  const address = customer.billing_address;
  const addressText = address
    ? [
        address.line1,
        address.line2,
        address.postal_code,
        address.city,
        address.region,
        address.country,
      ]
        .filter(Boolean)
        .join(', ')
    : '';
  const rows: Terms = [
    ['Reference', customer.ref],
    ['Currency', customer.currency],
    ['Payment terms', customer.terms],
    ['Collector', collector],
    ['Tags', customer.tags.length ? customer.tags.join(', ') : 'None'],
    [
      'Credit limit',
      customer.credit_limit === null
        ? 'None'
        : `${formatAmount(customer.credit_limit, customer.currency)} ${customer.currency}`,
    ],
    ['Status', customer.credit_hold ? 'On credit hold' : 'Active'],
  ];
  if (collections.state === 'loaded') {
    const settings = collections.data;
    rows.push(['Collection policy', settings.policy_name]);
    rows.push([
      'Follow-up',
      settings.paused
        ? `Paused${settings.paused_until ? ` until ${settings.paused_until}` : ''}${settings.pause_reason ? `: ${settings.pause_reason}` : ''}`
        : 'Active',
    ]);
  }
  if (customer.legal_name) rows.push(['Legal name', customer.legal_name]);
  if (customer.tax_id) rows.push(['Tax id', customer.tax_id]);
  if (addressText) rows.push(['Billing address', addressText]);
  // What its e-invoices say about the buyer, shown only once set, like the legal name.
  if (customer.registration_id) rows.push(['Registration number', customer.registration_id]);
  if (customer.buyer_reference) rows.push(['Buyer reference', customer.buyer_reference]);
  if (customer.electronic_address)
    rows.push([
      'Electronic address',
      `${customer.electronic_address.scheme}: ${customer.electronic_address.id}`,
    ]);
  if (customer.send_ubl) rows.push(['Invoice e-mails', 'Carry the e-invoice (UBL)']);
  if (customer.notes) rows.push(['Notes', customer.notes]);
  return <TermList className="customer-details" terms={rows} />;
}

function BalanceSection({ customerId }: { customerId: string }) {
  const aging = useApiGet<Aging>('/reports/aging', { customer_id: customerId });
  return (
    <Section id="balance" title="Balance and aging" loaded={aging} what="the balance">
      {(data) =>
        data.currencies.length === 0 ? (
          <p>Nothing is open: the customer owes nothing and has no unapplied credit.</p>
        ) : (
          data.currencies.map((currency) => {
            const row = currency.customers[0] ?? currency.totals;
            return (
              <TableScroll key={currency.currency} label={`Aging in ${currency.currency}`}>
                <table className="report">
                  <caption>
                    Balance in {currency.currency} as of {data.as_of}, by days past due
                  </caption>
                  <thead>
                    <tr>
                      <AgingColumnHeaders buckets={data.buckets} />
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <AgingAmountCells
                        buckets={data.buckets}
                        figures={row}
                        currency={currency.currency}
                      />
                    </tr>
                  </tbody>
                </table>
              </TableScroll>
            );
          })
        )
      }
    </Section>
  );
}

const openInvoicesShown = 50;

function OpenInvoicesSection({ customerId }: { customerId: string }) {
  const invoices = useApiGet<InvoiceList>('/invoices', {
    customer_id: customerId,
    status: 'open,partially_paid',
    sort: 'due_on',
    limit: String(openInvoicesShown),
  });
  return (
    <Section id="open-invoices" title="Open invoices" loaded={invoices} what="the open invoices">
      {(list) =>
        list.items.length === 0 ? (
          <p>No open invoice.</p>
        ) : (
          <>
            <ReportTable
              label="Open invoices"
              caption="Open invoices, due soonest first"
              columns={[
                'Number',
                'Issued',
                'Due',
                'Status',
                'Currency',
                { amount: 'Total' },
                { amount: 'Open' },
              ]}
            >
              {list.items.map((invoice) => (
                <tr key={invoice.id}>
                  <td>
                    <Link to={`/invoices/${invoice.id}`}>{invoice.number ?? 'Draft'}</Link>
                  </td>
                  <td>{invoice.issued_on}</td>
                  <td>{invoice.due_on}</td>
                  <td>{label(invoice.status)}</td>
                  <td>{invoice.currency}</td>
                  <td className="amount">{formatAmount(invoice.total, invoice.currency)}</td>
                  <td className="amount">{formatAmount(invoice.open, invoice.currency)}</td>
                </tr>
              ))}
            </ReportTable>
            {list.next_cursor && (
              <p>
                The {openInvoicesShown} due soonest are shown;{' '}
                <Link to={`/customers/${customerId}/statement`}>the statement</Link> lists every
                one.
              </p>
            )}
          </>
        )
      }
    </Section>
  );
}

function ContactsSection({ customer }: { customer: Customer }) {
  const can = useCan();
  const write = can('customers.write');
  const contacts: readonly Contact[] = customer.contacts ?? [];
  return (
    <Section
      id="contacts"
      title="Contacts"
      loaded={{ state: 'loaded', data: contacts }}
      what="the contacts"
      actions={
        write && (
          <ActionDialog label="Add contact" className="button secondary">
            {(close) => <ContactForm customerId={customer.id} close={close} />}
          </ActionDialog>
        )
      }
    >
      {(items) =>
        items.length === 0 ? (
          <p>No contact yet.</p>
        ) : (
          <TableScroll label="Contacts">
            <table className="report">
              <caption>Contacts of {customer.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Phone</th>
                  <th scope="col">Reminders</th>
                  {write && <th scope="col">Change</th>}
                </tr>
              </thead>
              <tbody>
                {items.map((contact) => (
                  <tr key={contact.id}>
                    <td>{contact.name}</td>
                    <td>{contactRoleLabels[contact.role] ?? contact.role}</td>
                    <td>
                      {contact.email && <a href={`mailto:${contact.email}`}>{contact.email}</a>}
                    </td>
                    <td>{contact.phone && <a href={telHref(contact.phone)}>{contact.phone}</a>}</td>
                    <td>{contact.receives_reminders ? 'Yes' : 'No'}</td>
                    {write && (
                      <td className="row-actions">
                        <ActionDialog
                          className="link-button"
                          label="Edit"
                          name={`Edit ${contact.name}`}
                          title={`Edit contact ${contact.name}`}
                        >
                          {(close) => (
                            <ContactForm customerId={customer.id} contact={contact} close={close} />
                          )}
                        </ActionDialog>
                        <ActionDialog
                          className="link-button"
                          label="Remove"
                          name={`Remove ${contact.name}`}
                          title={`Remove contact ${contact.name}`}
                        >
                          {(close) => (
                            <RemoveContactForm
                              customerId={customer.id}
                              contact={contact}
                              close={close}
                            />
                          )}
                        </ActionDialog>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )
      }
    </Section>
  );
}

const timelineLabels: Readonly<Record<TimelineEntry['type'], string>> = {
  message: 'Message',
  step: 'Dunning step',
  task_created: 'Task',
  task_completed: 'Task done',
  note: 'Note',
  promise: 'Promise',
  dispute: 'Dispute',
  payment_plan: 'Payment plan',
  placement: 'Agency',
  invoice_issued: 'Invoice',
  payment_received: 'Payment',
};

/** Events the API dates by day (an invoice issued, a payment received) come at midnight UTC: the day alone. */
const dateTime = (at: string) =>
  at.endsWith('T00:00:00.000Z')
    ? new Date(at).toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })
    : new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The newest entries, and older ones a page at a time on request. */
function TimelineSection({ customerId }: { customerId: string }) {
  const first = useApiGet<TimelinePage>(`/customers/${customerId}/timeline`, { limit: '25' });
  const [older, setOlder] = useState<{
    after: string;
    items: TimelineEntry[];
    next: string | null;
  } | null>(null);
  const [error, setError] = useState<Error | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);
  const firstCursor = first.state === 'loaded' ? first.data.next_cursor : null;
  // Older pages belong to the first page they follow: a refreshed first page starts over.
  const extra = older && older.after === firstCursor ? older : null;
  const nextCursor = extra ? extra.next : firstCursor;
  const loadMore = async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await getJson<TimelinePage>(`/customers/${customerId}/timeline`, {
        limit: '25',
        cursor: nextCursor,
      });
      setOlder({
        after: firstCursor ?? '',
        items: [...(extra?.items ?? []), ...page.items],
        next: page.next_cursor,
      });
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <Section id="timeline" title="Timeline" loaded={first} what="the timeline">
      {(page) => {
        const items = [...page.items, ...(extra?.items ?? [])];
        return items.length === 0 ? (
          <p>Nothing has happened with this customer yet.</p>
        ) : (
          <>
            <ol className="timeline">
              {items.map((entry, index) => (
                <li key={`${entry.at}-${index}`}>
                  <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                  <span className={`timeline-type timeline-${entry.type}`}>
                    {timelineLabels[entry.type] ?? entry.type}
                  </span>
                  <span className="timeline-summary">
                    {entry.summary}
                    {typeof entry.refs.invoice_id === 'string' && (
                      <>
                        {' '}
                        <Link to={`/invoices/${entry.refs.invoice_id}`}>Open the invoice</Link>
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ol>
            {error && <ErrorAlert error={error} />}
            {nextCursor && (
              <button type="button" className="secondary" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? 'Loading…' : 'Older entries'}
              </button>
            )}
          </>
        );
      }}
    </Section>
  );
}

function CommitmentsSection({ customerId }: { customerId: string }) {
  const promises = useApiGet<PromisePage>('/promises', { customer_id: customerId, limit: '20' });
  const disputes = useApiGet<DisputePage>('/disputes', { customer_id: customerId, limit: '20' });
  const plans = useApiGet<PaymentPlanPage>('/payment-plans', {
    customer_id: customerId,
    limit: '20',
  });
  return (
    <>
      <Section id="promises" title="Promises to pay" loaded={promises} what="the promises">
        {(page) =>
          page.items.length === 0 ? (
            <p>No promise to pay.</p>
          ) : (
            <ReportTable
              label="Promises to pay"
              caption="Promises to pay, newest first"
              columns={['Made on', 'Promised for', 'Status', 'Covers', { amount: 'Amount' }]}
            >
              {page.items.map((promise) => (
                <tr key={promise.id}>
                  <td>{promise.made_on}</td>
                  <td>{promise.promised_on}</td>
                  <td>{label(promise.status)}</td>
                  <td>
                    {promise.scope === 'account'
                      ? 'The account'
                      : `${promise.invoice_ids.length} invoice${promise.invoice_ids.length === 1 ? '' : 's'}`}
                  </td>
                  <td className="amount">
                    {formatAmount(promise.amount, promise.currency)} {promise.currency}
                  </td>
                </tr>
              ))}
            </ReportTable>
          )
        }
      </Section>
      <Section id="disputes" title="Disputes" loaded={disputes} what="the disputes">
        {(page) =>
          page.items.length === 0 ? (
            <p>No dispute.</p>
          ) : (
            <ReportTable
              label="Disputes"
              caption="Disputes, newest first"
              columns={['Invoice', 'Opened on', 'Reason', 'Status', { amount: 'Disputed' }]}
            >
              {page.items.map((dispute) => (
                <tr key={dispute.id}>
                  <td>
                    <Link to={`/invoices/${dispute.invoice_id}`}>
                      {dispute.invoice_number ?? 'Invoice'}
                    </Link>
                  </td>
                  <td>{dispute.opened_on}</td>
                  <td>{dispute.reason.replace(/_/g, ' ')}</td>
                  <td>{label(dispute.status)}</td>
                  <td className="amount">
                    {dispute.amount === null
                      ? 'Whole invoice'
                      : `${formatAmount(dispute.amount, dispute.currency)} ${dispute.currency}`}
                  </td>
                </tr>
              ))}
            </ReportTable>
          )
        }
      </Section>
      <Section id="plans" title="Payment plans" loaded={plans} what="the payment plans">
        {(page) =>
          page.items.length === 0 ? (
            <p>No payment plan.</p>
          ) : (
            <ReportTable
              label="Payment plans"
              caption="Payment plans, newest first"
              columns={['Starts on', 'Status', 'Covers', { amount: 'Total' }]}
            >
              {page.items.map((plan) => (
                <tr key={plan.id}>
                  <td>{plan.starts_on}</td>
                  <td>{label(plan.status)}</td>
                  <td>
                    {plan.invoice_ids.length} invoice{plan.invoice_ids.length === 1 ? '' : 's'}
                  </td>
                  <td className="amount">
                    {formatAmount(plan.total, plan.currency)} {plan.currency}
                  </td>
                </tr>
              ))}
            </ReportTable>
          )
        }
      </Section>
    </>
  );
}

const taskKinds: Readonly<Record<string, string>> = {
  call: 'Call',
  email: 'E-mail',
  letter: 'Letter',
  review: 'Review',
  escalate: 'Escalate',
};

function TasksSection({ customerId }: { customerId: string }) {
  const tasks = useApiGet<CollectionTaskPage>('/tasks', {
    customer_id: customerId,
    status: 'open',
    limit: '20',
  });
  return (
    <Section id="tasks" title="Open tasks" loaded={tasks} what="the open tasks">
      {(page) =>
        page.items.length === 0 ? (
          <p>No open task.</p>
        ) : (
          <ReportTable label="Open tasks" columns={['Due on', 'Kind', 'Task', 'Assignee']}>
            {page.items.map((task) => (
              <tr key={task.id}>
                <td>{task.due_on}</td>
                <td>{taskKinds[task.kind] ?? task.kind}</td>
                <td>{task.title}</td>
                <td>{task.assignee_name ?? 'Unassigned'}</td>
              </tr>
            ))}
          </ReportTable>
        )
      }
    </Section>
  );
}

/**
 * Everything a collector needs about one customer on one screen: who it is and whom to call,
 * what it owes and how late, its open invoices, what was promised or disputed, what is to do,
 * and what happened; with the actions on it in a bar at the top.
 */
export function CustomerPage({ customerId }: { customerId: string }) {
  const customer = useApiGet<Customer>(`/customers/${customerId}`);
  const people = useApiGet<PersonList>('/people');
  const collections = useApiGet<CustomerCollectionSettings>(`/customers/${customerId}/collections`);
  const can = useCan();
  if (customer.state === 'loading') return <Loading what="the customer" />;
  if (customer.state === 'failed') {
    return (
      <>
        <h1>Customer</h1>
        <ErrorAlert error={customer.error} fieldLabels={{ id: 'Customer' }} />
        <p>
          <Link to="/customers">All customers</Link>
        </p>
      </>
    );
  }
  const data = customer.data;
  return (
    <div className="customer-page">
      <p className="breadcrumb">
        <Link to="/customers">Customers</Link>
      </p>
      <h1>
        {data.name} <span className="customer-ref">{data.ref}</span>
        {data.credit_hold && <span className="badge badge-hold">On credit hold</span>}
      </h1>
      <div className="customer-actions-bar" role="group" aria-label="Actions">
        <span className="customer-actions-label" aria-hidden="true">
          Actions
        </span>
        {can('customers.write') && (
          <ActionDialog label="Edit customer" title={`Edit ${data.name}`}>
            {(close) => <EditCustomerForm customer={data} close={close} />}
          </ActionDialog>
        )}
        <CustomerActions customerId={data.id} />
        {can('collections.work') && <SendEmailDialog customerId={data.id} />}
        <Link className="button secondary" to={`/customers/${data.id}/statement`}>
          Statement
        </Link>
      </div>
      <Details customer={data} people={people} collections={collections} />
      <div className="customer-columns">
        <div>
          <BalanceSection customerId={data.id} />
          <OpenInvoicesSection customerId={data.id} />
          <ContactsSection customer={data} />
          <TasksSection customerId={data.id} />
        </div>
        <div>
          <TimelineSection customerId={data.id} />
        </div>
      </div>
      <CommitmentsSection customerId={data.id} />
    </div>
  );
}
