import { useCallback } from 'react';
import { postJson, type QueryParams, type SendOptions } from '../../api/client';
import type { OutboxMessage, OutboxMessageDetail, OutboxPage as OutboxList } from '../../api/types';
import { useAction } from '../../api/use-action';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { ChoiceOptions, SelectField } from '../../components/form-fields';
import { ListResults } from '../../components/list-results';
import { useNotice } from '../../components/notice';
import { TableScroll } from '../../components/table-scroll';
import { useCan } from '../../permissions';
import { navigate, useLocation } from '../../routing';
import { useFilterForm } from '../../url-draft';
import { addressOf, readQuery, trimmedQuery, type QueryState } from '../../url-query';
import { CollectionsNav } from './collections-nav';
import { deliveryText } from './delivery-text';

const outboxFields = ['status', 'cursor', 'limit'] as const;
type OutboxQuery = QueryState<(typeof outboxFields)[number]>;
const fieldLabels = { status: 'Status', cursor: 'Page', limit: 'Page size' };
const statuses = ['pending', 'sending', 'sent', 'failed', 'held', 'uncertain'] as const;
/** What a person may put back in line: the rest is sent or on its way. */
const retryable = new Set(['failed', 'held', 'uncertain']);

function apiParams(query: OutboxQuery): QueryParams {
  const trimmed = trimmedQuery(query);
  return { ...trimmed, limit: trimmed.limit || '50' };
}

function OutboxFilter({ query, invalid }: { query: OutboxQuery; invalid: string | undefined }) {
  const { field, submit } = useFilterForm({
    query,
    invalid,
    onSubmit: (next) => navigate(addressOf('/collections/outbox', next)),
  });
  return (
    <form className="report-form" onSubmit={submit} aria-label="Find messages">
      <SelectField label="Status" {...field('status')}>
        <option value="">Any</option>
        <ChoiceOptions choices={statuses.map((status) => ({ value: status, label: status }))} />
      </SelectField>
      <button type="submit">Find</button>
    </form>
  );
}

function RetryButton({ message }: { message: OutboxMessage }) {
  const { notify } = useNotice();
  const retry = useAction(
    useCallback(
      (_: void, options: SendOptions) =>
        postJson<OutboxMessageDetail>(`/outbox/${message.id}/retry`, undefined, options),
      [message.id],
    ),
  );
  return (
    <>
      <button
        type="button"
        aria-label={`Retry: ${message.subject}`}
        disabled={retry.running}
        onClick={async () => {
          const again = await retry.run();
          if (again) notify(`E-mail “${again.subject}” put back in line: ${deliveryText(again)}.`);
        }}
      >
        Retry
      </button>
      {retry.error && <ErrorAlert error={retry.error} />}
    </>
  );
}

function OutboxTable({ list, canRetry }: { list: OutboxList; canRetry: boolean }) {
  return (
    <TableScroll label="Outbox">
      <table className="report">
        <caption>Messages to customers, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Subject</th>
            <th scope="col">Written (UTC)</th>
            <th scope="col">Kind</th>
            <th scope="col">To</th>
            <th scope="col">Status</th>
            {canRetry && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {list.items.map((message) => (
            <tr key={message.id}>
              <th scope="row" className="wrap">
                {message.subject}
              </th>
              <td>{message.created_at.slice(0, 16).replace('T', ' ')}</td>
              <td>{message.kind.replace(/_/g, ' ')}</td>
              <td className="wrap">{message.to.join(', ') || 'Nobody'}</td>
              <td className="wrap">
                {deliveryText(message)}
                {message.last_error && <span className="muted"> ({message.last_error})</span>}
              </td>
              {canRetry && (
                <td>{retryable.has(message.status) && <RetryButton message={message} />}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** Every message to customers and what became of it; one that failed or is held can be retried. */
export function OutboxPage() {
  const location = useLocation();
  const query = readQuery(location.search, outboxFields);
  const canRetry = useCan()('collections.work');
  const list = useApiGet<OutboxList>('/outbox', apiParams(query));
  const error = list.state === 'failed' ? list.error : undefined;
  return (
    <>
      <CollectionsNav />
      <h1>Outbox</h1>
      <OutboxFilter key={location.search.toString()} query={query} invalid={invalidField(error)} />
      <ListResults
        list={list}
        what="the messages"
        noneText="No message matches."
        pathname="/collections/outbox"
        query={query}
        fieldLabels={fieldLabels}
      >
        {(page) => <OutboxTable list={page} canRetry={canRetry} />}
      </ListResults>
    </>
  );
}
