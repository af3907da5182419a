import { useState, type FormEvent } from 'react';
import { apiUrl } from '../../api/client';
import type { Statement } from '../../api/types';
import { formatAmount } from '../../format/money';
import { ColumnHeaders } from '../../components/report-table';
import { TableScroll } from '../../components/table-scroll';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { DateField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { Link, navigate, useLocation } from '../../routing';
import { addressOf, readQuery, trimmedQuery, type QueryState } from '../../url-query';
import { AgingAmountCells, AgingColumnHeaders } from '../aging/aging-cells';

const statementFields = ['from', 'to'] as const;
type StatementQuery = QueryState<(typeof statementFields)[number]>;
const fieldLabels = { from: 'From', to: 'To', id: 'Customer' };

const lineTypeLabels: Record<string, string> = {
  invoice: 'Invoice',
  invoice_void: 'Invoice voided',
  credit_note: 'Credit note',
  payment: 'Payment',
  discount: 'Early-payment discount',
  write_off: 'Write-off',
  refund: 'Refund',
  payment_reversal: 'Payment reversed',
};

function PeriodForm({
  pathname,
  query,
  invalid,
}: {
  pathname: string;
  query: StatementQuery;
  invalid: string | undefined;
}) {
  const [draft, setDraft] = useState(query);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(addressOf(pathname, draft));
  };
  return (
    <form className="report-form" onSubmit={submit} aria-label="Statement period">
      <DateField
        name="from"
        label="From"
        value={draft.from}
        onChange={(from) => setDraft({ ...draft, from })}
        invalidField={invalid}
      />
      <DateField
        name="to"
        label="To"
        value={draft.to}
        onChange={(to) => setDraft({ ...draft, to })}
        invalidField={invalid}
      />
      <button type="submit">Show</button>
    </form>
  );
}

function CurrencyStatement({
  statement,
  section,
}: {
  statement: Statement;
  section: Statement['currencies'][number];
}) {
  return (
    <section>
      <TableScroll label={`Statement in ${section.currency}`}>
        <table className="report">
          <caption>Statement in {section.currency}</caption>
          <ColumnHeaders
            columns={[
              'Date',
              'Type',
              'Number',
              'Description',
              { amount: 'Amount' },
              { amount: 'Balance' },
            ]}
          />
          <tbody>
            <tr className="opening">
              <td />
              <th scope="row" colSpan={3}>
                Opening balance
              </th>
              <td />
              <td className="amount">{formatAmount(section.opening_balance, section.currency)}</td>
            </tr>
            {section.lines.map((line, index) => (
              <tr key={`${line.document_id}-${line.type}-${index}`}>
                <td>{line.date}</td>
                <td>{lineTypeLabels[line.type] ?? line.type}</td>
                <td>{line.number ?? '—'}</td>
                <td>{line.description}</td>
                <td className="amount">{formatAmount(line.amount, section.currency)}</td>
                <td className="amount">{formatAmount(line.balance, section.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td />
              <th scope="row" colSpan={3}>
                Closing balance
              </th>
              <td />
              <td className="amount">{formatAmount(section.closing_balance, section.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      <table className="report">
        <caption>
          Aging in {section.currency} as of {statement.to}
        </caption>
        <thead>
          <tr>
            <AgingColumnHeaders buckets={statement.aging_buckets} />
          </tr>
        </thead>
        <tbody>
          <tr>
            <AgingAmountCells
              buckets={statement.aging_buckets}
              figures={section.aging}
              currency={section.currency}
            />
          </tr>
        </tbody>
      </table>
    </section>
  );
}

/** A customer's statement of account for a period, with its running balance and a PDF to send. */
export function StatementPage({ customerId }: { customerId: string }) {
  const location = useLocation();
  const query = readQuery(location.search, statementFields);
  const params = trimmedQuery(query);
  const path = `/customers/${encodeURIComponent(customerId)}/statement`;
  const statement = useApiGet<Statement>(path, params);
  const error = statement.state === 'failed' ? statement.error : undefined;
  return (
    <>
      <p className="breadcrumb">
        <Link
          to={
            statement.state === 'loaded'
              ? addressOf('/aging', { as_of: statement.data.to })
              : '/aging'
          }
        >
          ← Aging
        </Link>
      </p>
      <h1>
        {statement.state === 'loaded'
          ? `Statement: ${statement.data.customer.name} (${statement.data.customer.ref})`
          : 'Statement'}
      </h1>
      <PeriodForm
        key={location.search.toString()}
        pathname={location.pathname}
        query={query}
        invalid={invalidField(error)}
      />
      {statement.state === 'loading' && <Loading what="the statement" />}
      {error && <ErrorAlert error={error} fieldLabels={fieldLabels} />}
      {statement.state === 'loaded' && (
        <>
          <p className="downloads">
            {/* The period the API used, so the PDF is the statement on the page. */}
            <a
              href={apiUrl(`${path}.pdf`, { from: statement.data.from, to: statement.data.to })}
              download
            >
              Download PDF
            </a>
          </p>
          <p className="report-heading">
            From <strong>{statement.data.from}</strong> to <strong>{statement.data.to}</strong>
          </p>
          {statement.data.currencies.length === 0 && (
            <p>Nothing owed and no activity in this period.</p>
          )}
          {statement.data.currencies.map((section) => (
            <CurrencyStatement
              key={section.currency}
              statement={statement.data}
              section={section}
            />
          ))}
        </>
      )}
    </>
  );
}
