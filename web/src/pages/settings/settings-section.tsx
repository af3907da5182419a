import { lazy } from 'react';
import type { Section } from '../../page-routes';

const SettingsPage = lazy(() =>
  import('./settings-page').then((module) => ({ default: module.SettingsPage })),
);
const PoliciesPage = lazy(() =>
  import('./collections/policies-page').then((module) => ({ default: module.PoliciesPage })),
);
const TemplatesPage = lazy(() =>
  import('./collections/templates-page').then((module) => ({ default: module.TemplatesPage })),
);
const CreditControlPage = lazy(() =>
  import('./collections/credit-control-page').then((module) => ({
    default: module.CreditControlPage,
  })),
);
const AgingBucketsPage = lazy(() =>
  import('./collections/aging-buckets-page').then((module) => ({
    default: module.AgingBucketsPage,
  })),
);
const PaymentTermsPage = lazy(() =>
  import('./collections/payment-terms-page').then((module) => ({
    default: module.PaymentTermsPage,
  })),
);

export const settingsSection: Section = {
  label: 'Settings',
  path: '/settings',
  routes: [
    { path: '/settings', render: () => <SettingsPage /> },
    { path: '/settings/policies', render: () => <PoliciesPage /> },
    { path: '/settings/templates', render: () => <TemplatesPage /> },
    { path: '/settings/credit-control', render: () => <CreditControlPage /> },
    { path: '/settings/aging-buckets', render: () => <AgingBucketsPage /> },
    { path: '/settings/payment-terms', render: () => <PaymentTermsPage /> },
  ],
};
