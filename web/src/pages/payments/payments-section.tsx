import { lazy } from 'react';
import type { Section } from '../../page-routes';

const PaymentsPage = lazy(() =>
  import('./payments-page').then((module) => ({ default: module.PaymentsPage })),
);
const RecordPaymentPage = lazy(() =>
  import('./record-payment-page').then((module) => ({ default: module.RecordPaymentPage })),
);
const PaymentPage = lazy(() =>
  import('./payment-page').then((module) => ({ default: module.PaymentPage })),
);
const ImportsPage = lazy(() =>
  import('../imports/imports-page').then((module) => ({ default: module.ImportsPage })),
);

export const paymentsSection: Section = {
  label: 'Payments',
  path: '/payments',
  routes: [
    { path: '/payments', render: () => <PaymentsPage /> },
    { path: '/payments/new', render: () => <RecordPaymentPage /> },
    { path: '/payments/:id', render: (params) => <PaymentPage key={params.id} id={params.id!} /> },
    // Importing is where a clerk brings a bank's or an old system's payments in; the page sits
    // under Payments in the navigation, and imports customers, invoices and credit notes too.
    { path: '/imports', render: () => <ImportsPage /> },
  ],
};
