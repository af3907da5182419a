import type { ReactNode } from 'react';
import type {
  AgencyPlacementPage,
  CollectionTaskPage,
  Customer,
  CustomerCollections,
  DisputePage,
  PaymentPlanPage,
  PromiseToPayPage,
  TimelinePage,
} from '../../../api/types';
import { useApiGet, type Loaded } from '../../../api/use-api-get';
import { ErrorAlert } from '../../../components/error-alert';
import { Loading } from '../../../components/loading';
import { ReportTable } from '../../../components/report-table';
import { formatAmount } from '../../../format/money';
import { Link } from '../../../routing';
import { words } from './action-form';
import { CustomerActions } from './customer-actions';
import { pauseText } from './pause-dialog';

/** The latest few of each kind: this page shows what the actions did, not the whole history. */
const recent = { limit: '20' } as const;

function Records<T extends { items: readonly unknown[] }>({
  title,
  what,
  loaded,
  children,
}: {
  title: string;
  what: string;
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {loaded.state === 'loading' && <Loading what={what} />}
      {loaded.state === 'failed' && <ErrorAlert error={loaded.error} />}
      {loaded.state === 'loaded' &&
        (loaded.data.items.length === 0 ? <p>None.</p> : children(loaded.data))}
    </section>
  );
}

function InvoiceLink({ id, number }: { id: string; number: string | null }) {
  return <Link to={`/invoices/${id}`}>{number ?? 'Draft'}</Link>;
}

function Promises({ customerId }: { customerId: string }) {
  const promises = useApiGet<PromiseToPayPage>('/promises', {
    customer_id: customerId,
    ...recent,
  });
  return (
    <Records title="Promises to pay" what="the promises" loaded={promises}>
      {(page) => (
        <ReportTable
          label="Promises to pay"
          columns={['Promised for', { amount: 'Amount' }, 'Currency', 'Covers', 'Status']}
        >
          {page.items.map((promise) => (
            <tr key={promise.id}>
              <td>{promise.promised_on}</td>
              <td className="amount">{formatAmount(promise.amount, promise.currency)}</td>
              <td>{promise.currency}</td>
              <td>
                {promise.scope === 'account'
                  ? 'The account'
                  : `${promise.invoice_ids.length} invoice${promise.invoice_ids.length === 1 ? '' : 's'}`}
              </td>
              <td>{words(promise.status)}</td>
            </tr>
          ))}
        </ReportTable>
      )}
    </Records>
  );
}

function Disputes({ customerId }: { customerId: string }) {
  const disputes = useApiGet<DisputePage>('/disputes', { customer_id: customerId, ...recent });
  return (
    <Records title="Disputes" what="the disputes" loaded={disputes}>
      {(page) => (
        <ReportTable
          label="Disputes"
          columns={['Invoice', { amount: 'Disputed' }, 'Reason', 'Opened', 'Status']}
        >
          {page.items.map((dispute) => (
            <tr key={dispute.id}>
              <td>
                <InvoiceLink id={dispute.invoice_id} number={dispute.invoice_number} />
              </td>
              <td className="amount">
                {dispute.amount === null
                  ? 'whole invoice'
                  : `${formatAmount(dispute.amount, dispute.currency)} ${dispute.currency}`}
              </td>
              <td>{words(dispute.reason)}</td>
              <td>{dispute.opened_on}</td>
              <td>
                {words(dispute.status)}
                {dispute.resolved_on ? ` on ${dispute.resolved_on}` : ''}
              </td>
            </tr>
          ))}
        </ReportTable>
      )}
    </Records>
  );
}

function Plans({ customerId }: { customerId: string }) {
  const plans = useApiGet<PaymentPlanPage>('/payment-plans', {
    customer_id: customerId,
    ...recent,
  });
  return (
    <Records title="Payment plans" what="the payment plans" loaded={plans}>
      {(page) => (
        <ReportTable
          label="Payment plans"
          columns={['Starts', { amount: 'Total' }, 'Currency', 'Invoices', 'Status']}
        >
          {page.items.map((plan) => (
            <tr key={plan.id}>
              <td>{plan.starts_on}</td>
              <td className="amount">{formatAmount(plan.total, plan.currency)}</td>
              <td>{plan.currency}</td>
              <td>{plan.invoice_ids.length}</td>
              <td>{words(plan.status)}</td>
            </tr>
          ))}
        </ReportTable>
      )}
    </Records>
  );
}

function Placements({ customerId }: { customerId: string }) {
  const placements = useApiGet<AgencyPlacementPage>('/agency-placements', {
    customer_id: customerId,
    ...recent,
  });
  return (
    <Records title="Agency placements" what="the placements" loaded={placements}>
      {(page) => (
        <ReportTable
          label="Agency placements"
          columns={['Agency', 'Placed', { amount: 'Placed amount' }, 'Currency', 'Status']}
        >
          {page.items.map((placement) => (
            <tr key={placement.id}>
              <td>
                {placement.agency} ({placement.channel})
              </td>
              <td>{placement.placed_on}</td>
              <td className="amount">{formatAmount(placement.amount, placement.currency)}</td>
              <td>{placement.currency}</td>
              <td>
                {words(placement.status)}
                {placement.closed_on ? ` on ${placement.closed_on}` : ''}
              </td>
            </tr>
          ))}
        </ReportTable>
      )}
    </Records>
  );
}

function Tasks({ customerId }: { customerId: string }) {
  const tasks = useApiGet<CollectionTaskPage>('/tasks', { customer_id: customerId, ...recent });
  return (
    <Records title="Tasks" what="the tasks" loaded={tasks}>
      {(page) => (
        <ul className="report-list" aria-label="Tasks">
          {page.items.map((task) => (
            <li key={task.id}>
              {task.title} ({task.kind}), due {task.due_on}: {words(task.status)}
              {task.outcome ? `, ${words(task.outcome)}` : ''}
              {task.notes ? `: ${task.notes}` : ''}
            </li>
          ))}
        </ul>
      )}
    </Records>
  );
}

function Timeline({ customerId }: { customerId: string }) {
  const timeline = useApiGet<TimelinePage>(`/customers/${customerId}/timeline`, recent);
  return (
    <Records title="Timeline" what="the timeline" loaded={timeline}>
      {(page) => (
        <ol className="report-list timeline" aria-label="Timeline, newest first">
          {page.items.map((entry, index) => (
            <li key={`${entry.at}-${entry.type}-${index}`}>
              <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>:{' '}
              {entry.summary}
            </li>
          ))}
        </ol>
      )}
    </Records>
  );
}

function FollowUp({ customerId }: { customerId: string }) {
  const settings = useApiGet<CustomerCollections>(`/customers/${customerId}/collections`);
  if (settings.state === 'loading') return <Loading what="the follow-up" />;
  if (settings.state === 'failed') return <ErrorAlert error={settings.error} />;
  return <p className="follow-up">{pauseText(settings.data)}</p>;
}

/**
 * A customer's actions bar with what the actions leave behind: the customer page shows the same
 * bar, and this page lets the bar be used and checked on its own.
 */
export function CustomerActionsPage({ customerId }: { customerId: string }) {
  const customer = useApiGet<Customer>(`/customers/${customerId}`);
  if (customer.state === 'loading') return <Loading what="the customer" />;
  if (customer.state === 'failed') {
    return (
      <>
        <h1>Customer</h1>
        <ErrorAlert error={customer.error} />
      </>
    );
  }
  return (
    <>
      <h1>{customer.data.name}</h1>
      <p>
        {customer.data.ref} · <Link to={`/customers/${customerId}/statement`}>Statement</Link>
      </p>
      <CustomerActions customerId={customerId} />
      <FollowUp customerId={customerId} />
      <div className="customer-records">
        <Promises customerId={customerId} />
        <Disputes customerId={customerId} />
        <Plans customerId={customerId} />
        <Placements customerId={customerId} />
        <Tasks customerId={customerId} />
        <Timeline customerId={customerId} />
      </div>
    </>
  );
}
