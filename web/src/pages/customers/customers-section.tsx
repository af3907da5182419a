import { lazy } from 'react';
import type { Section } from '../../page-routes';

const CustomersPage = lazy(() =>
  import('./customers-page').then((module) => ({ default: module.CustomersPage })),
);
const CustomerPage = lazy(() =>
  import('./customer-page').then((module) => ({ default: module.CustomerPage })),
);
const CustomerActionsPage = lazy(() =>
  import('./actions/customer-actions-page').then((module) => ({
    default: module.CustomerActionsPage,
  })),
);
const StatementPage = lazy(() =>
  import('../statement/statement-page').then((module) => ({ default: module.StatementPage })),
);

export const customersSection: Section = {
  label: 'Customers',
  path: '/customers',
  routes: [
    { path: '/customers', render: () => <CustomersPage /> },
    { path: '/customers/:id', render: ({ id }) => <CustomerPage key={id} customerId={id ?? ''} /> },
    {
      path: '/customers/:id/actions',
      render: ({ id }) => <CustomerActionsPage customerId={id ?? ''} />,
    },
    {
      path: '/customers/:id/statement',
      render: ({ id }) => <StatementPage customerId={id ?? ''} />,
    },
  ],
};
