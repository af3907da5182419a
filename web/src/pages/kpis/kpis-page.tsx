import { useState, type FormEvent } from 'react';
import type { KpiFigures, Kpis } from '../../api/types';
import { useApiGet } from '../../api/use-api-get';
import { ErrorAlert, invalidField } from '../../components/error-alert';
import { CheckboxField, DateField, TextField } from '../../components/form-fields';
import { Loading } from '../../components/loading';
import { navigate, useLocation } from '../../routing';
import { addressOf, readQuery, trimmedQuery, type QueryState } from '../../url-query';
import { amountLabel, kpiAmounts, kpiRatios, ratioText } from './kpi-definitions';
import { formatAmount } from '../../format/money';
import { TableScroll } from '../../components/table-scroll';
import { KpiTrendFigure } from './kpi-trend-chart';

const kpiFields = ['from', 'to', 'currency', 'monthly'] as const;
type KpiQuery = QueryState<(typeof kpiFields)[number]>;
const fieldLabels = { from: 'From', to: 'To', currency: 'Currency', monthly: 'Month by month' };

function KpiForm({ query, invalid }: { query: KpiQuery; invalid: string | undefined }) {
  const [draft, setDraft] = useState(query);
  const set = (field: (typeof kpiFields)[number]) => (value: string) =>
    setDraft((current) => ({ ...current, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(addressOf('/kpis', draft));
  };
  return (
    <form className="report-form" onSubmit={submit} aria-label="KPIs">
      <DateField
        name="from"
        label="From"
        value={draft.from}
        onChange={set('from')}
        invalidField={invalid}
      />
      <DateField
        name="to"
        label="To"
        value={draft.to}
        onChange={set('to')}
        invalidField={invalid}
      />
      <TextField
        name="currency"
        label="Currency"
        value={draft.currency}
        onChange={set('currency')}
        invalidField={invalid}
        placeholder="all"
      />
      <CheckboxField
        name="monthly"
        label="Month by month"
        checked={draft.monthly === 'true'}
        onChange={(checked) => set('monthly')(checked ? 'true' : '')}
      />
      <button type="submit">Show</button>
    </form>
  );
}

function FiguresTable({ section }: { section: Kpis['currencies'][number] }) {
  return (
    <table className="report figures">
      <caption>
        KPIs in {section.currency}, {section.from} to {section.to} ({section.days} days)
      </caption>
      <tbody>
        {kpiAmounts.map(({ field, label }) => (
          <tr key={field}>
            <th scope="row">{label}</th>
            <td className="amount">{formatAmount(section[field], section.currency)}</td>
          </tr>
        ))}
        {kpiRatios.map(({ field, label }) => (
          <tr key={field}>
            <th scope="row">{label}</th>
            <td className="amount">{ratioText(section[field])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MonthlyTable({ currency, months }: { currency: string; months: readonly KpiFigures[] }) {
  return (
    <TableScroll label={`Month by month in ${currency}`}>
      <table className="report">
        <caption>Month by month in {currency}</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col" className="amount">
              {amountLabel('credit_sales')}
            </th>
            <th scope="col" className="amount">
              {amountLabel('ending_ar')}
            </th>
            {kpiRatios.map(({ field, label }) => (
              <th scope="col" className="amount" key={field}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {months.map((month) => (
            <tr key={month.from}>
              <th scope="row">
                {month.from} to {month.to}
              </th>
              <td className="amount">{formatAmount(month.credit_sales, currency)}</td>
              <td className="amount">{formatAmount(month.ending_ar, currency)}</td>
              {kpiRatios.map(({ field }) => (
                <td className="amount" key={field}>
                  {ratioText(month[field])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The collection KPIs over a period, per currency (definitions in docs/kpis.md). */
export function KpisPage() {
  const location = useLocation();
  const query = readQuery(location.search, kpiFields);
  const trimmed = trimmedQuery(query);
  const kpis = useApiGet<Kpis>('/reports/kpis', {
    ...trimmed,
    monthly: trimmed.monthly === 'true' ? 'true' : undefined,
  });
  const error = kpis.state === 'failed' ? kpis.error : undefined;
  return (
    <>
      <h1>KPIs</h1>
      <KpiForm key={location.search.toString()} query={query} invalid={invalidField(error)} />
      {kpis.state === 'loading' && <Loading what="the KPIs" />}
      {error && <ErrorAlert error={error} fieldLabels={fieldLabels} />}
      {kpis.state === 'loaded' && (
        <>
          <p className="report-heading">
            From <strong>{kpis.data.from}</strong> to <strong>{kpis.data.to}</strong>
          </p>
          {kpis.data.currencies.length === 0 && <p>No activity in this period.</p>}
          {kpis.data.currencies.map((section) => (
            <section key={section.currency}>
              <FiguresTable section={section} />
              {section.months && (
                <>
                  <KpiTrendFigure currency={section.currency} months={section.months} />
                  <MonthlyTable currency={section.currency} months={section.months} />
                </>
              )}
            </section>
          ))}
        </>
      )}
    </>
  );
}
