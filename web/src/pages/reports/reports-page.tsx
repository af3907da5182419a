import { apiUrl } from '../../api/client';
import { useCan } from '../../permissions';
import { Link } from '../../routing';

interface Report {
  readonly to: string;
  readonly title: string;
  readonly text: string;
  /** Files the API gives for the report, besides the page. */
  readonly files?: readonly { href: string; label: string }[];
}

const reports: readonly Report[] = [
  {
    to: '/aging',
    title: 'Aging',
    text: 'What is owed and how old it is, as of any date.',
    files: [
      { href: apiUrl('/reports/aging.csv'), label: 'Aging as CSV' },
      { href: apiUrl('/reports/aging.pdf'), label: 'Aging as PDF' },
    ],
  },
  {
    to: '/customers',
    title: 'Statements',
    text: "A customer's statement of account: pick a customer, then open its statement (with a PDF).",
  },
  {
    to: '/kpis',
    title: 'KPIs',
    text: 'DSO, best possible DSO, CEI and more, month by month, with charts.',
  },
  {
    to: '/goals',
    title: 'Goals',
    text: 'Targets for the KPIs, how each is doing, and setting them.',
  },
  {
    to: '/reports/disputes',
    title: 'Disputes and non-payment reasons',
    text: 'Why money is not coming in: disputes by reason and days to resolve, and the reasons recorded.',
  },
  {
    to: '/reports/trial-balance',
    title: 'Trial balance',
    text: 'The ledger per currency as of any date, and the A/R control account tied out.',
  },
];

/** The list of reports, each with what it answers and its downloads. */
export function ReportsPage() {
  const can = useCan();
  const shown: readonly Report[] = can('users.manage')
    ? [
        ...reports,
        {
          to: '/reports/audit-log',
          title: 'Audit log',
          text: 'Every change: who, when, what and what changed, filtered by kind, action and date.',
        },
      ]
    : reports;
  return (
    <>
      <h1>Reports</h1>
      <ul className="report-list">
        {shown.map((report) => (
          <li key={report.to}>
            <Link to={report.to}>{report.title}</Link>
            <span> — {report.text}</span>
            {report.files && (
              <span>
                {' '}
                (
                {report.files.map((file, index) => (
                  <span key={file.href}>
                    {index > 0 && ', '}
                    <a href={file.href} download>
                      {file.label}
                    </a>
                  </span>
                ))}
                )
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
