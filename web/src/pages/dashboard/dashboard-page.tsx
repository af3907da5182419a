import { ProgressBar } from 'react-aria-components';
import type { Dashboard, DashboardCurrency, DisputeReport, GoalPage, Kpis } from '../../api/types';
import { useApiGet, type Loaded } from '../../api/use-api-get';
import { BarChart } from '../../charts/bar-chart';
import { ChartFigure, colourAt, Legend } from '../../charts/chart-figure';
import { StackedBarChart } from '../../charts/stacked-bar-chart';
import { EmptyBook } from '../../components/empty-book';
import { ErrorAlert } from '../../components/error-alert';
import { Loading } from '../../components/loading';
import { ColumnHeaders } from '../../components/report-table';
import { TableScroll } from '../../components/table-scroll';
import { formatAmount, formatMoney } from '../../format/money';
import { Link } from '../../routing';
import { directionWords, goalStatusLabels, withUnit } from '../goals/goal-format';
import { KpiTrendFigure } from '../kpis/kpi-trend-chart';
import { disputeReasonLabels } from '../reports/report-labels';
import { bucketInvoicesHref, overdueInvoicesHref, paymentsHref } from './dashboard-links';
import './dashboard.css';

/** A panel's wait or error, so that each part of the page shows as soon as its answer is in. */
function Panel<T>({
  loaded,
  what,
  children,
}: {
  loaded: Loaded<T>;
  what: string;
  children: (data: T) => React.ReactNode;
}) {
  if (loaded.state === 'loading') return <Loading what={what} />;
  if (loaded.state === 'failed') return <ErrorAlert error={loaded.error} />;
  return <>{children(loaded.data)}</>;
}

function Figures({ dashboard }: { dashboard: Dashboard }) {
  const today = dashboard.as_of;
  return (
    <div className="dashboard-figures">
      {dashboard.currencies.map((c) => (
        <dl key={c.currency} className="figure-card" aria-label={`Receivables in ${c.currency}`}>
          <div>
            <dt>Receivable ({c.currency})</dt>
            <dd>
              <Link to={`/aging?currency=${c.currency}`}>
                {formatMoney(c.receivable, c.currency)}
              </Link>
            </dd>
          </div>
          <div>
            <dt>Overdue ({c.currency})</dt>
            <dd>
              <Link to={overdueInvoicesHref(today, c.currency)}>
                {formatMoney(c.overdue, c.currency)}
              </Link>
            </dd>
          </div>
        </dl>
      ))}
    </div>
  );
}

function AgingChart({ dashboard }: { dashboard: Dashboard }) {
  const { as_of: asOf, buckets } = dashboard;
  const owed = dashboard.currencies.filter((c) =>
    c.buckets.some((amount) => !/^0(\.0+)?$/.test(amount)),
  );
  if (owed.length === 0) return <p>Nothing is owed today.</p>;
  const label = (index: number) => (index === 0 ? 'Current' : `${buckets[index]!.label} days`);
  return (
    <ChartFigure
      caption={`Aging by days past due, as of ${asOf}`}
      legend={
        <Legend
          entries={buckets.map((_, index) => ({ label: label(index), colour: colourAt(index) }))}
        />
      }
      table={
        <TableScroll label="Aging by currency">
          <table className="report">
            <caption>Aging by currency</caption>
            <thead>
              <tr>
                <th scope="col">Currency</th>
                {buckets.map((bucket, index) => (
                  <th scope="col" className="amount" key={bucket.label}>
                    {label(index)}
                  </th>
                ))}
                <th scope="col" className="amount">
                  Overdue
                </th>
              </tr>
            </thead>
            <tbody>
              {owed.map((c) => (
                <tr key={c.currency}>
                  <th scope="row">{c.currency}</th>
                  {c.buckets.map((amount, index) => (
                    <td className="amount" key={buckets[index]!.label}>
                      <Link to={bucketInvoicesHref(asOf, c.currency, buckets[index]!)}>
                        {formatAmount(amount, c.currency)}
                      </Link>
                    </td>
                  ))}
                  <td className="amount">{formatAmount(c.overdue, c.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      }
    >
      <StackedBarChart
        title={`Aging by days past due as of ${asOf}, one bar per currency`}
        bars={owed.map((c) => ({
          label: c.currency,
          parts: c.buckets.map((amount, index) => ({
            label: label(index),
            amount,
            text: formatMoney(amount, c.currency),
            href: bucketInvoicesHref(asOf, c.currency, buckets[index]!),
          })),
        }))}
      />
    </ChartFigure>
  );
}

function Activity({ dashboard }: { dashboard: Dashboard }) {
  const today = dashboard.as_of;
  const { activity } = dashboard;
  return (
    <ul className="activity">
      <li>
        <Link to="/collections">
          <strong>{activity.messages_sent}</strong> messages sent
        </Link>
      </li>
      <li>
        <Link to="/collections">
          <strong>{activity.tasks_done}</strong> tasks done
        </Link>
      </li>
      <li>
        <Link to="/collections">
          <strong>{activity.promises_made}</strong> promises to pay recorded
        </Link>
      </li>
      {dashboard.currencies.map((c) => (
        <li key={c.currency}>
          <Link to={paymentsHref(today, today, c.currency)}>
            <strong>{c.payments_today.payments}</strong> payments received in {c.currency},{' '}
            {formatMoney(c.payments_today.amount, c.currency)}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** "23 Nov" for the axis; the full dates are in the bar's name and the table. */
const shortWeek = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

function CashChart({ section }: { section: DashboardCurrency }) {
  const { currency } = section;
  return (
    <ChartFigure
      caption={`Cash collected per week in ${currency}, last ${section.cash_weeks.length} weeks`}
      table={
        <table className="report">
          <caption>Cash collected per week in {currency}</caption>
          <ColumnHeaders columns={['Week', { amount: 'Payments' }, { amount: 'Collected' }]} />
          <tbody>
            {section.cash_weeks.map((week) => (
              <tr key={week.from}>
                <th scope="row">
                  {week.from} to {week.to}
                </th>
                <td className="amount">{week.payments}</td>
                <td className="amount">
                  <Link to={paymentsHref(week.from, week.to, currency)}>
                    {formatAmount(week.amount, currency)}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <BarChart
        title={`Cash collected per week in ${currency}`}
        bars={section.cash_weeks.map((week) => ({
          label: shortWeek(week.from),
          name: `Week of ${week.from}`,
          amount: week.amount,
          text: formatMoney(week.amount, currency),
          href: paymentsHref(week.from, week.to, currency),
        }))}
      />
    </ChartFigure>
  );
}

function KpiTrends({ kpis }: { kpis: Kpis }) {
  if (kpis.currencies.length === 0) return <p>No activity in the last twelve months.</p>;
  return (
    <>
      {kpis.currencies.map((section) => (
        <KpiTrendFigure
          key={section.currency}
          currency={section.currency}
          months={section.months ?? []}
          more={<Link to={`/kpis?monthly=true&currency=${section.currency}`}>all KPIs</Link>}
        />
      ))}
    </>
  );
}

function Goals({ page }: { page: GoalPage }) {
  if (page.items.length === 0)
    return (
      <p>
        No goals yet. <Link to="/goals">Set one.</Link>
      </p>
    );
  return (
    <ul className="goal-progress">
      {page.items.map((goal) => (
        <li key={goal.id}>
          <span className="progress-label">
            <Link to="/goals">{goal.name}</Link>{' '}
            <span className={`status status-${goal.status}`}>{goalStatusLabels[goal.status]}</span>
          </span>
          <ProgressBar
            value={goal.progress_percent ?? 0}
            aria-label={`${goal.name}: progress towards the target`}
            className="progress"
          >
            {({ percentage }) => (
              <>
                <span className="progress-track">
                  <span className="progress-fill" style={{ width: `${percentage ?? 0}%` }} />
                </span>
                <span className="progress-text">
                  Now {withUnit(goal, goal.figure)}; the line expects{' '}
                  {withUnit(goal, goal.expected)}; target {directionWords[goal.direction]}{' '}
                  {withUnit(goal, goal.target)} by {goal.deadline}
                  {goal.progress_percent !== null && ` (${goal.progress_percent} % of the way)`}
                </span>
              </>
            )}
          </ProgressBar>
        </li>
      ))}
    </ul>
  );
}

function TopOverdue({ dashboard }: { dashboard: Dashboard }) {
  const late = dashboard.currencies.filter((c) => c.top_overdue.length > 0);
  if (late.length === 0) return <p>No customer is overdue.</p>;
  return (
    <>
      {late.map((c) => (
        <table className="report" key={c.currency}>
          <caption>Most overdue customers in {c.currency}</caption>
          <ColumnHeaders columns={['Customer', { amount: 'Overdue' }, { amount: 'Balance' }]} />
          <tbody>
            {c.top_overdue.map((row) => (
              <tr key={row.customer_id}>
                <td>
                  <Link to={`/customers/${row.customer_id}`}>{row.customer_name}</Link>{' '}
                  <span className="muted">{row.customer_ref}</span>
                </td>
                <td className="amount">{formatAmount(row.overdue, c.currency)}</td>
                <td className="amount">{formatAmount(row.balance, c.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

function Disputes({ report }: { report: DisputeReport }) {
  const open = report.currencies.flatMap((c) =>
    c.reasons.filter((r) => r.open_count > 0).map((r) => ({ ...r, currency: c.currency })),
  );
  if (open.length === 0)
    return (
      <p>
        No open disputes. <Link to="/reports/disputes">Disputes and non-payment reasons</Link>
      </p>
    );
  return (
    <table className="report">
      <caption>Open disputes by reason</caption>
      <ColumnHeaders columns={['Reason', 'Currency', { amount: 'Open' }, { amount: 'Amount' }]} />
      <tbody>
        {open.map((row) => (
          <tr key={`${row.currency}-${row.reason}`}>
            <td>
              <Link to="/reports/disputes">{disputeReasonLabels[row.reason]}</Link>
            </td>
            <td>{row.currency}</td>
            <td className="amount">{row.open_count}</td>
            <td className="amount">{formatAmount(row.open_amount, row.currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The manager's home page: what is owed and how late, where the cash came from week by week,
 * how the collection KPIs and goals are moving, and what the team did today. Every figure leads
 * to the rows behind it. The panels load side by side, so the quick ones show at once.
 */
export function DashboardPage() {
  const dashboard = useApiGet<Dashboard>('/reports/dashboard');
  const kpis = useApiGet<Kpis>('/reports/kpis', { monthly: 'true' });
  const goals = useApiGet<GoalPage>('/goals', { limit: '10' });
  const disputes = useApiGet<DisputeReport>('/reports/disputes');
  return (
    <div className="dashboard">
      <h1>Dashboard</h1>
      <EmptyBook />
      <Panel loaded={dashboard} what="the receivables">
        {(data) => (
          <>
            <p className="report-heading">
              Today, <strong>{data.as_of}</strong>
            </p>
            <section aria-labelledby="receivables-heading">
              <h2 id="receivables-heading">Receivables</h2>
              <Figures dashboard={data} />
              <AgingChart dashboard={data} />
            </section>
            <div className="dashboard-columns">
              <section aria-labelledby="activity-heading">
                <h2 id="activity-heading">Today&rsquo;s collections</h2>
                <Activity dashboard={data} />
              </section>
              <section aria-labelledby="top-heading">
                <h2 id="top-heading">Top overdue customers</h2>
                <TopOverdue dashboard={data} />
              </section>
            </div>
            <section aria-labelledby="cash-heading">
              <h2 id="cash-heading">Cash collected</h2>
              {data.currencies.map((section) => (
                <CashChart key={section.currency} section={section} />
              ))}
              {data.currencies[0]?.cash_weeks[0] && (
                <p>
                  <Link to={paymentsHref(data.currencies[0].cash_weeks[0].from, data.as_of)}>
                    Every payment of these weeks
                  </Link>
                </p>
              )}
            </section>
          </>
        )}
      </Panel>
      <section aria-labelledby="kpi-heading">
        <h2 id="kpi-heading">Collection KPIs, last twelve months</h2>
        <Panel loaded={kpis} what="the KPIs">
          {(data) => <KpiTrends kpis={data} />}
        </Panel>
      </section>
      <div className="dashboard-columns">
        <section aria-labelledby="goals-heading">
          <h2 id="goals-heading">Goals</h2>
          <Panel loaded={goals} what="the goals">
            {(data) => <Goals page={data} />}
          </Panel>
        </section>
        <section aria-labelledby="disputes-heading">
          <h2 id="disputes-heading">Disputes by reason</h2>
          <Panel loaded={disputes} what="the disputes">
            {(data) => <Disputes report={data} />}
          </Panel>
        </section>
      </div>
    </div>
  );
}
