import { lazy } from 'react';
import type { Section } from '../../page-routes';

const DashboardPage = lazy(() =>
  import('./dashboard-page').then((module) => ({ default: module.DashboardPage })),
);

export const dashboardSection: Section = {
  label: 'Dashboard',
  path: '/dashboard',
  routes: [{ path: '/dashboard', render: () => <DashboardPage /> }],
};
