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
const BankQueuePage = lazy(() =>
  import('../bank/bank-queue-page').then((module) => ({ default: module.BankQueuePage })),
);
const BankLinePage = lazy(() =>
  import('../bank/bank-line-page').then((module) => ({ default: module.BankLinePage })),
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
    // Cash application: bank statements in, and the review queue of their lines (issue #14).
    { path: '/bank', render: () => <BankQueuePage /> },
    {
      path: '/bank/lines/:id',
      render: (params) => <BankLinePage key={params.id} id={params.id!} />,
    },
  ],
};
