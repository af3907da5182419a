import { lazy } from 'react';
import type { Section } from '../../page-routes';

const InvoicesPage = lazy(() =>
  import('./invoices-page').then((module) => ({ default: module.InvoicesPage })),
);
const InvoicePage = lazy(() =>
  import('./invoice-page').then((module) => ({ default: module.InvoicePage })),
);
const NewInvoicePage = lazy(() =>
  import('./invoice-form-page').then((module) => ({ default: module.NewInvoicePage })),
);
const EditInvoicePage = lazy(() =>
  import('./invoice-form-page').then((module) => ({ default: module.EditInvoicePage })),
);
const CreditNotePage = lazy(() =>
  import('../credit-notes/credit-note-page').then((module) => ({
    default: module.CreditNotePage,
  })),
);

// Credit notes are made from invoices and read beside them, so they live in this section.
export const invoicesSection: Section = {
  label: 'Invoices',
  path: '/invoices',
  routes: [
    { path: '/invoices', render: () => <InvoicesPage /> },
    { path: '/invoices/new', render: () => <NewInvoicePage /> },
    { path: '/invoices/:id', render: ({ id }) => <InvoicePage key={id} id={id ?? ''} /> },
    {
      path: '/invoices/:id/edit',
      render: ({ id }) => <EditInvoicePage key={id} id={id ?? ''} />,
    },
    {
      path: '/credit-notes/:id',
      render: ({ id }) => <CreditNotePage key={id} id={id ?? ''} />,
    },
  ],
};
