import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { CollectionTaskPage, PromiseToPayPage, WorkQueue } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { CollectorField } from '../../components/collector-field';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { ColumnHeaders } from '../../components/report-table';
import { TableScroll } from '../../components/table-scroll';
import { formatAmount, formatMoney } from '../../format/money';
import { useCan } from '../../permissions';
import { Link, navigate, useLocation } from '../../routing';
import { useSession } from '../../session';
import { addressOf, readQuery, type QueryState } from '../../url-query';
import { CollectionsNav } from './collections-nav';
import { LetterLink } from './letter-link';
import { SendEmailDialog } from './send-email-dialog';
import { TaskActions } from './task-actions';

/**
 * The page's state in its address. `collector_id` absent is the signed-in user's own day; "all"
 * is everyone's, which the collector field offers as "Any".
 */
const dayFields = ['collector_id', 'limit'] as const;
type DayQuery = QueryState<(typeof dayFields)[number]>;
const everyone = 'all';
const queueSize = '25';

const fieldLabels: Readonly<Record<string, string>> = {
  collector_id: 'Collector',
  limit: 'Accounts shown',
  assignee_id: 'Collector',
};

function useMyId(): string | null {
  const { state } = useSession();
  return state.status === 'signed_in' || state.status === 'expired' ? state.me.user_id : null;
}

function DayFilter({
  query,
  myId,
  invalid,
}: {
  query: DayQuery;
  myId: string | null;
  invalid: string | undefined;
}) {
  const shown = query.collector_id === everyone ? '' : query.collector_id || (myId ?? '');
  const [collector, setCollector] = useState(shown);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const collectorId = collector === '' ? everyone : collector === myId ? '' : collector;
    navigate(addressOf('/collections', { ...query, collector_id: collectorId }));
  };
  return (
    <form className="report-form" onSubmit={submit} aria-label="Whose day">
      <CollectorField value={collector} onChange={setCollector} invalidField={invalid} />
      <button type="submit">Show</button>
    </form>
  );
}

function lastContactText(item: WorkQueue['items'][number]): string {
  if (!item.last_contact) return 'None yet';
  return `${item.last_contact.at.slice(0, 10)}: ${item.last_contact.description}`;
}

function QueueTable({ queue, canWork }: { queue: WorkQueue; canWork: boolean }) {
  return (
    <TableScroll label="Work queue">
      <table className="report work-queue">
        <caption>Work queue</caption>
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col">Rank</th>
            <th scope="col" className="amount">
              Overdue
            </th>
            <th scope="col" className="amount">
              Oldest overdue
            </th>
            <th scope="col">Why</th>
            <th scope="col">Last contact</th>
            <th scope="col">Next step</th>
            {canWork && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {queue.items.map((item) => {
            const next = item.open_tasks[0];
            return (
              <tr key={`${item.customer.id}-${item.currency}`}>
                <th scope="row">
                  <Link to={`/customers/${item.customer.id}`}>{item.customer.name}</Link>
                  <span className="muted"> {item.customer.ref}</span>
                </th>
                <td>{item.rank}</td>
                <td className="amount">{formatMoney(item.overdue, item.currency)}</td>
                <td className="amount">
                  {item.oldest_overdue_days > 0 ? `${item.oldest_overdue_days} days` : '—'}
                </td>
                <td className="reasons">
                  <ul>
                    {item.reasons.map((reason) => (
                      <li key={reason.factor}>{reason.text}</li>
                    ))}
                  </ul>
                </td>
                <td className="wrap">{lastContactText(item)}</td>
                <td className="wrap">
                  {next ? `${next.title} (due ${next.due_on})` : 'No open task'}
                  {item.open_task_count > 1 && (
                    <span className="muted"> and {item.open_task_count - 1} more</span>
                  )}
                </td>
                {canWork && (
                  <td>
                    <SendEmailDialog
                      customerId={item.customer.id}
                      customerName={item.customer.name}
                    />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * Tasks due today or earlier. Once one is completed, snoozed or cancelled it leaves the list, and
 * the keyboard focus goes to the task that took its place (or to the heading when none is left),
 * so a collector works down the list without reaching for the mouse.
 */
function TasksDue({ assigneeId, today }: { assigneeId: string | undefined; today: string }) {
  const can = useCan();
  const canWork = can('collections.work');
  const tasks = useApiGet<CollectionTaskPage>('/tasks', {
    assignee_id: assigneeId,
    status: 'open',
    due_on_before: today,
    limit: '100',
  });
  const heading = useRef<HTMLHeadingElement>(null);
  const table = useRef<HTMLTableElement>(null);
  const [moveFocus, setMoveFocus] = useState<{ index: number; from: CollectionTaskPage } | null>(
    null,
  );
  useEffect(() => {
    // Waits for the list that no longer holds the task: until then the old one is on screen.
    if (!moveFocus || tasks.state !== 'loaded' || tasks.data === moveFocus.from) return;
    const rows = table.current?.tBodies[0]?.rows;
    const row = rows?.[Math.min(moveFocus.index, rows.length - 1)];
    (row?.querySelector('button') ?? heading.current)?.focus();
    setMoveFocus(null);
  }, [tasks, moveFocus]);
  return (
    <section aria-labelledby="tasks-due-heading">
      <h2 id="tasks-due-heading" ref={heading} tabIndex={-1}>
        Tasks due
      </h2>
      {tasks.state === 'loading' && <Loading what="the tasks due" />}
      {tasks.state === 'failed' && <ErrorAlert error={tasks.error} fieldLabels={fieldLabels} />}
      {tasks.state === 'loaded' &&
        (tasks.data.items.length === 0 ? (
          <p>No task is due. </p>
        ) : (
          <TableScroll label="Tasks due">
            <table className="report" ref={table}>
              <caption>Tasks due by {today}</caption>
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Due</th>
                  <th scope="col">Assigned to</th>
                  <th scope="col">Letter</th>
                  {canWork && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {tasks.data.items.map((task, index) => (
                  <tr key={task.id}>
                    <th scope="row" className="wrap">
                      {task.title}
                    </th>
                    <td>
                      <Link to={`/customers/${task.customer_id}`}>{task.customer_name}</Link>
                    </td>
                    <td>{task.due_on}</td>
                    <td>{task.assignee_name ?? 'Nobody'}</td>
                    <td>
                      {task.document_id && (
                        <LetterLink taskId={task.id} customerName={task.customer_name} />
                      )}
                    </td>
                    {canWork && (
                      <td>
                        <TaskActions
                          task={task}
                          today={today}
                          onClosed={() => setMoveFocus({ index, from: tasks.data })}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ))}
      {tasks.state === 'loaded' && tasks.data.next_cursor && (
        <p className="muted">The first 100 tasks due are shown; finish these to see the rest.</p>
      )}
    </section>
  );
}

function BrokenPromises() {
  const promises = useApiGet<PromiseToPayPage>('/promises', { status: 'broken', limit: '20' });
  return (
    <section aria-labelledby="broken-promises-heading">
      <h2 id="broken-promises-heading">Broken promises</h2>
      {promises.state === 'loading' && <Loading what="the broken promises" />}
      {promises.state === 'failed' && <ErrorAlert error={promises.error} />}
      {promises.state === 'loaded' &&
        (promises.data.items.length === 0 ? (
          <p>No promise to pay has been broken.</p>
        ) : (
          <table className="report">
            <caption>Broken promises to pay</caption>
            <ColumnHeaders
              columns={[
                'Customer',
                { amount: 'Promised' },
                'Currency',
                'Promised by',
                'Broken on',
                'Notes',
              ]}
            />
            <tbody>
              {promises.data.items.map((promise) => (
                <tr key={promise.id}>
                  <td>
                    <Link to={`/customers/${promise.customer_id}`}>{promise.customer_ref}</Link>
                  </td>
                  <td className="amount">{formatAmount(promise.amount, promise.currency)}</td>
                  <td>{promise.currency}</td>
                  <td>{promise.promised_on}</td>
                  <td>{promise.decided_on ?? ''}</td>
                  <td className="wrap">{promise.notes ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}

/**
 * The collector's day: the accounts to work first with why, the tasks due with what to do about
 * each, and the promises that were broken. Opens on the signed-in user's own work.
 */
export function CollectionsPage() {
  const location = useLocation();
  const query = readQuery(location.search, dayFields);
  const myId = useMyId();
  const canWork = useCan()('collections.work');
  const collectorId =
    query.collector_id === everyone ? undefined : query.collector_id || myId || undefined;
  const queue = useApiGet<WorkQueue>('/work-queue', {
    collector_id: collectorId,
    limit: query.limit || queueSize,
  });
  const error = queue.state === 'failed' ? queue.error : undefined;
  return (
    <>
      <CollectionsNav />
      <h1>My day</h1>
      <DayFilter
        key={location.search.toString()}
        query={query}
        myId={myId}
        invalid={invalidField(error)}
      />
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">Accounts to work first</h2>
        {queue.state === 'loading' && <Loading what="the work queue" />}
        {error && <ErrorAlert error={error} fieldLabels={fieldLabels} />}
        {queue.state === 'loaded' &&
          (queue.data.items.length === 0 ? (
            <p>Nothing is overdue on these accounts.</p>
          ) : (
            <>
              <QueueTable queue={queue.data} canWork={canWork} />
              <p className="muted">
                {queue.data.items.length} of {queue.data.total} accounts, as of {queue.data.as_of}.
              </p>
            </>
          ))}
      </section>
      {queue.state === 'loaded' && <TasksDue assigneeId={collectorId} today={queue.data.as_of} />}
      <BrokenPromises />
    </>
  );
}
