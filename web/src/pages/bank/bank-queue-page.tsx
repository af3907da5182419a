import { useState, type FormEvent } from 'react';
import { postJson, type QueryParams, type SendOptions } from '../../api/client';
import type { BankLinePage, BankRematch } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { useAction } from '../../api/use-action';
import { ActionDialog, DialogButtons } from '../../components/dialog';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { CheckboxField, ChoiceOptions, SelectField, TextField } from '../../components/form-fields';
import { ListResults } from '../../components/list-results';
import { useNotice } from '../../components/notice';
import { ReportTable } from '../../components/report-table';
import { formatAmount } from '../../format/money';
import { useCan } from '../../permissions';
import { Link, navigate, useLocation } from '../../routing';
import { useFilterForm } from '../../url-draft';
import { addressOf, readQuery, trimmedQuery, type QueryState } from '../../url-query';
import { lineStates, shortened, stateLabels, type LineState } from './bank-words';
import { MatchCell } from './match-summary';
import { RematchDialog } from './rematch';
import { StatementUpload } from './statement-upload';
import '../payments/payments.css';
import './bank.css';

/** The page's state in its address: the API's parameters. */
const queueFields = ['state', 'q', 'file_id', 'sort', 'cursor', 'limit'] as const;
type QueueQuery = QueryState<(typeof queueFields)[number]>;

const fieldLabels: Readonly<Record<string, string>> = {
  state: 'State',
  q: 'Search',
  file_id: 'File',
  sort: 'Sort by',
  cursor: 'Page',
  limit: 'Page size',
};

const sorts = [
  { value: '-date', label: 'Newest first' },
  { value: 'date', label: 'Oldest first' },
  { value: '-amount', label: 'Largest first' },
  { value: 'amount', label: 'Smallest first' },
  { value: '-imported_at', label: 'Imported latest first' },
] as const;

const stateOf = (query: QueueQuery): LineState =>
  (lineStates as readonly string[]).includes(query.state) ? (query.state as LineState) : 'review';

function apiParams(query: QueueQuery): QueryParams {
  const trimmed = trimmedQuery(query);
  return {
    ...trimmed,
    state: stateOf(query),
    sort: trimmed.sort || '-date',
    limit: trimmed.limit || '50',
  };
}

function StateTabs({
  query,
  counts,
}: {
  query: QueueQuery;
  counts: BankLinePage['counts'] | null;
}) {
  const current = stateOf(query);
  return (
    <nav aria-label="Lines by state" className="state-tabs">
      {lineStates.map((state) => (
        <Link
          key={state}
          to={addressOf('/bank', { ...query, state, cursor: '' })}
          aria-current={state === current ? 'page' : undefined}
        >
          {stateLabels[state]}
          {counts && <span className="state-count"> ({counts[state]})</span>}
        </Link>
      ))}
    </nav>
  );
}

function QueueFilters({ query, invalid }: { query: QueueQuery; invalid: string | undefined }) {
  const { draft, field, submit } = useFilterForm({
    query,
    invalid,
    onSubmit: (next) => navigate(addressOf('/bank', next)),
  });
  return (
    <form className="report-form" onSubmit={submit} aria-label="Find bank lines">
      <TextField label="Search: words or an amount" {...field('q')} size={28} />
      <SelectField label="Sort by" {...field('sort')} value={draft.sort || '-date'}>
        <ChoiceOptions choices={sorts} />
      </SelectField>
      <button type="submit">Search</button>
    </form>
  );
}

function QueueTable({ list, state }: { list: BankLinePage; state: LineState }) {
  return (
    <ReportTable
      label={`Bank lines: ${stateLabels[state]}`}
      columns={['Bank reference', 'Date', { amount: 'Amount' }, 'Payer', 'Text', 'Match']}
    >
      {list.items.map((line) => {
        const text = [
          ...line.remittance_text,
          ...line.creditor_references.map((item) => item.reference),
        ].join(' ');
        return (
          <tr key={line.id}>
            <td>
              <Link to={`/bank/lines/${line.id}`}>{line.ref}</Link>
            </td>
            <td>{line.value_date ?? line.booking_date ?? '—'}</td>
            <td className="amount">
              {line.direction === 'debit' ? '−' : ''}
              {formatAmount(line.amount, line.currency)} {line.currency}
            </td>
            <td>{line.payer_name ?? '—'}</td>
            <td className="line-text" title={text || undefined}>
              {shortened(text || line.additional_info || '—')}
            </td>
            <td className="match-cell">
              <MatchCell line={line} />
            </td>
          </tr>
        );
      })}
    </ReportTable>
  );
}

/**
 * Cash application: the bank lines by state (To review first) with the best proposal of each,
 * searched by words or an amount, sorted and paged by the API with the state in the address; a
 * statement is uploaded here, and the queue matched again.
 */
export function BankQueuePage() {
  const location = useLocation();
  const can = useCan();
  const query = readQuery(location.search, queueFields);
  const state = stateOf(query);
  const lines = useApiGet<BankLinePage>('/bank/lines', apiParams(query));
  const error = lines.state === 'failed' ? lines.error : undefined;
  return (
    <>
      <h1>Cash application</h1>
      <p className="page-intro">
        Bank statements come in here; payments the matcher is sure of are applied, and the rest wait
        for you with the matcher’s proposals. <Link to="/payments">See the payments.</Link>
      </p>
      {can('payments.post') && <StatementUpload />}
      <div className="queue-heading">
        <h2>Bank lines</h2>
        {can('payments.post') && <RematchDialog />}
      </div>
      {query.file_id && (
        <p>
          Only the lines of one file.{' '}
          <Link to={addressOf('/bank', { ...query, file_id: '', cursor: '' })}>
            Show every file’s lines
          </Link>
        </p>
      )}
      <StateTabs query={query} counts={lines.state === 'loaded' ? lines.data.counts : null} />
      <QueueFilters key={location.search.toString()} query={query} invalid={invalidField(error)} />
      <ListResults
        list={lines}
        what="the bank lines"
        noneText={
          query.q
            ? 'No line matches the search.'
            : `No line is ${stateLabels[state].toLowerCase()}.`
        }
        pathname="/bank"
        query={query}
        fieldLabels={fieldLabels}
      >
        {(list) => <QueueTable list={list} state={state} />}
      </ListResults>
    </>
  );
}
