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

export const reportsSection: Section = {
  label: 'Reports',
  path: '/reports',
  routes: [
    { path: '/reports', render: () => <ReportsPage /> },
    { path: '/aging', render: () => <AgingPage /> },
    { path: '/kpis', render: () => <KpisPage /> },
    { path: '/goals', render: () => <GoalsPage /> },
  ],
};
