import { Link } from '../../routing';

const reports = [
  { to: '/aging', title: 'Aging', text: 'What is owed and how old it is, as of any date.' },
  { to: '/kpis', title: 'KPIs', text: 'DSO, best possible DSO and CEI per month or quarter.' },
  { to: '/goals', title: 'Goals', text: 'Targets for the KPIs and how each one is doing.' },
  {
    to: '/customers',
    title: 'Statements',
    text: "A customer's statement of account: open a customer, then its statement.",
  },
] as const;

/** The list of reports, each with what it answers. */
export function ReportsPage() {
  return (
    <>
      <h1>Reports</h1>
      <ul className="report-list">
        {reports.map((report) => (
          <li key={report.to}>
            <Link to={report.to}>{report.title}</Link>
            <span> — {report.text}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
