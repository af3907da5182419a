import { lazy } from 'react';
import type { Section } from '../../page-routes';

const ReportsPage = lazy(() =>
  import('./reports-page').then((module) => ({ default: module.ReportsPage })),
);
const AgingPage = lazy(() =>
  import('../aging/aging-page').then((module) => ({ default: module.AgingPage })),
);
const KpisPage = lazy(() =>
  import('../kpis/kpis-page').then((module) => ({ default: module.KpisPage })),
);
const GoalsPage = lazy(() =>
  import('../goals/goals-page').then((module) => ({ default: module.GoalsPage })),
);

const TrialBalancePage = lazy(() =>
  import('./trial-balance-page').then((module) => ({ default: module.TrialBalancePage })),
);
const AuditLogPage = lazy(() =>
  import('./audit-log-page').then((module) => ({ default: module.AuditLogPage })),
);
const DisputesReportPage = lazy(() =>
  import('./disputes-report-page').then((module) => ({ default: module.DisputesReportPage })),
);

export const reportsSection: Section = {
  label: 'Reports',
  path: '/reports',
  routes: [
    { path: '/reports', render: () => <ReportsPage /> },
    { path: '/reports/trial-balance', render: () => <TrialBalancePage /> },
    { path: '/reports/audit-log', render: () => <AuditLogPage /> },
    { path: '/reports/disputes', render: () => <DisputesReportPage /> },
    { path: '/aging', render: () => <AgingPage /> },
    { path: '/kpis', render: () => <KpisPage /> },
    { path: '/goals', render: () => <GoalsPage /> },
  ],
};
