import { useState } from 'react';
import type { Organization } from '../../../api/types';
import { useApiGet } from '../../../api/use-api-get';
import { parseCalendarDate, type CalendarDate } from '../../../../../src/core/calendar-date';
import { formatAmount } from '../../../format/money';
import { ColumnHeaders } from '../../../components/report-table';
import { TableScroll } from '../../../components/table-scroll';
import { Loading } from '../../../components/loading';
import { ErrorAlert } from '../../../components/error-alert';
import { commonTerms, termsExample } from './terms-example';
import './settings-collections.css';

interface ExampleInput {
  readonly issuedOn: string;
  readonly amount: string;
  readonly currency: string;
}

function ExampleForm({
  input,
  onChange,
  problem,
}: {
  input: ExampleInput;
  onChange: (input: ExampleInput) => void;
  problem: { field: string; message: string } | null;
}) {
  const field = (name: keyof ExampleInput, label: string, size: number) => (
    <label className="field">
      <span>{label}</span>
      <input
        name={name}
        value={input[name]}
        size={size}
        onChange={(event) => onChange({ ...input, [name]: event.target.value })}
        aria-invalid={problem?.field === name || undefined}
        aria-describedby={problem?.field === name ? 'example-problem' : undefined}
      />
    </label>
  );
  return (
    <form
      className="report-form"
      aria-label="The example invoice"
      onSubmit={(event) => event.preventDefault()}
    >
      {field('issuedOn', 'Issued on (YYYY-MM-DD)', 11)}
      {field('amount', 'Total', 14)}
      {field('currency', 'Currency', 4)}
      {problem && (
        <p id="example-problem" className="field-hint" role="alert">
          {problem.message}
        </p>
      )}
    </form>
  );
}

function ExampleRow({ code, input }: { code: string; input: ValidInput }) {
  const example = termsExample(code, input.issuedOn, input.amount, input.currency);
  if (!example.ok) return null;
  const { value } = example;
  return (
    <tr>
      <th scope="row">
        <code>{value.terms.code}</code>
      </th>
      <td>{value.meaning}</td>
      <td>{value.dueOn}</td>
      <td>{value.discountOn ?? '—'}</td>
      <td className="amount">
        {value.discountOn ? formatAmount(value.discount, input.currency) : '—'}
      </td>
      <td className="amount">
        {value.discountOn ? formatAmount(value.payableWithDiscount, input.currency) : '—'}
      </td>
    </tr>
  );
}

interface ValidInput {
  readonly issuedOn: CalendarDate;
  readonly amount: string;
  readonly currency: string;
}

function checkInput(input: ExampleInput): ValidInput | { field: string; message: string } {
  const date = parseCalendarDate(input.issuedOn, 'issuedOn');
  if (!date.ok) return { field: 'issuedOn', message: date.error.message };
  const currency = input.currency.trim().toUpperCase();
  // The currency and the amount are checked by working out one example: the same rules as the API.
  const probe = termsExample('NET30', date.value, input.amount, currency);
  if (!probe.ok) {
    const field = probe.error.code.startsWith('currency') ? 'currency' : 'amount';
    return { field, message: probe.error.message };
  }
  return { issuedOn: date.value, amount: input.amount.trim(), currency };
}

function TryTerms({ input }: { input: ValidInput | null }) {
  const [code, setCode] = useState('');
  const example =
    code.trim() && input ? termsExample(code, input.issuedOn, input.amount, input.currency) : null;
  const problem = example && !example.ok ? example.error.message : null;
  return (
    <section aria-labelledby="try-terms-heading">
      <h2 id="try-terms-heading">Read any terms</h2>
      <form
        className="report-form"
        aria-label="Read terms"
        onSubmit={(event) => event.preventDefault()}
      >
        <label className="field">
          <span>Terms, as on a customer (e.g. Net 45, 3/10 net 60 EOM)</span>
          <input
            name="terms"
            value={code}
            size={24}
            onChange={(event) => setCode(event.target.value)}
            aria-invalid={problem !== null || undefined}
            aria-describedby="try-terms-answer"
          />
        </label>
      </form>
      <p id="try-terms-answer" role="status" className={problem ? 'field-hint' : undefined}>
        {problem ??
          (example?.ok
            ? `${example.value.terms.code}: ${example.value.meaning} On the example invoice: due ${example.value.dueOn}${example.value.discountOn ? `, ${formatAmount(example.value.discount, input!.currency)} ${input!.currency} off until ${example.value.discountOn}` : ''}.`
            : input
              ? 'Type terms to see how Settle reads them.'
              : 'Correct the example invoice above to see how Settle reads terms.')}
      </p>
    </section>
  );
}

/**
 * Payment terms are codes on each customer, read by Settle when an invoice is issued: this page
 * explains each kind with the due date and discount it gives an example invoice, worked out by the
 * same code the API runs, and reads any terms the user types.
 */
export function PaymentTermsPage() {
  // The example is issued today in the organization's time zone, as the API counts it. The form
  // waits for that day, so that what the user types is never overwritten by the default.
  const organization = useApiGet<Organization>('/organization');
  return (
    <>
      <h1>Payment terms</h1>
      <p className="page-intro">
        Each customer has payment terms, a code such as <code>NET30</code>. When an invoice is
        issued without a due date, its terms give the due date and any early-payment discount. A
        customer created without terms gets <code>NET30</code>; change a customer&rsquo;s terms on
        the customer.
      </p>
      <ul className="page-intro">
        <li>
          <code>NET</code>
          <em>n</em>: due <em>n</em> days after the issue date; <code>DUE_ON_RECEIPT</code> (or{' '}
          <code>NET0</code>) on the day of issue.
        </li>
        <li>
          <code>_EOM</code> (end of month): the days count from the last day of the month of issue.
        </li>
        <li>
          <em>p</em>/<em>d</em>_ in front: <em>p</em> % off the total when the invoice is settled
          within <em>d</em> days; a payment in that window that settles it net of the discount takes
          the discount.
        </li>
      </ul>
      {organization.state === 'loading' && <Loading what="the example invoice" />}
      {organization.state === 'failed' && <ErrorAlert error={organization.error} />}
      {organization.state === 'loaded' && <TermsExamples today={organization.data.today} />}
    </>
  );
}

function TermsExamples({ today }: { today: string }) {
  const [input, setInput] = useState<ExampleInput>({
    issuedOn: today,
    amount: '1000.00',
    currency: 'EUR',
  });
  const checked = checkInput(input);
  const valid = 'field' in checked ? null : checked;
  return (
    <>
      <ExampleForm
        input={input}
        onChange={setInput}
        problem={'field' in checked ? checked : null}
      />
      {valid && (
        <TableScroll label="Payment terms with an example">
          <table className="report">
            <caption>
              Common terms, for an invoice of {formatAmount(valid.amount, valid.currency)}{' '}
              {valid.currency} issued on {valid.issuedOn}
            </caption>
            <ColumnHeaders
              columns={[
                'Terms',
                'Meaning',
                'Due on',
                'Discount until',
                { amount: 'Discount' },
                { amount: 'To pay with the discount' },
              ]}
            />
            <tbody>
              {commonTerms.map((code) => (
                <ExampleRow key={code} code={code} input={valid} />
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <TryTerms input={valid} />
    </>
  );
}
