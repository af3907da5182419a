import { lazy } from 'react';
import type { Section } from '../../page-routes';

const InvoicesPage = lazy(() =>
  import('./invoices-page').then((module) => ({ default: module.InvoicesPage })),
);

export const invoicesSection: Section = {
  label: 'Invoices',
  path: '/invoices',
  routes: [{ path: '/invoices', render: () => <InvoicesPage /> }],
};
