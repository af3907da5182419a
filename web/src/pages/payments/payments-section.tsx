import { lazy } from 'react';
import type { Section } from '../../page-routes';

const PaymentsPage = lazy(() =>
  import('./payments-page').then((module) => ({ default: module.PaymentsPage })),
);

export const paymentsSection: Section = {
  label: 'Payments',
  path: '/payments',
  routes: [{ path: '/payments', render: () => <PaymentsPage /> }],
};
