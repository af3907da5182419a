import { lazy } from 'react';
import type { Section } from '../../page-routes';

const SettingsPage = lazy(() =>
  import('./settings-page').then((module) => ({ default: module.SettingsPage })),
);
const OrganizationPage = lazy(() =>
  import('./organization-page').then((module) => ({ default: module.OrganizationPage })),
);
const InvoicingPage = lazy(() =>
  import('./invoicing-page').then((module) => ({ default: module.InvoicingPage })),
);
const UsersPage = lazy(() =>
  import('./users-page').then((module) => ({ default: module.UsersPage })),
);
const PasswordPage = lazy(() =>
  import('./password-page').then((module) => ({ default: module.PasswordPage })),
);
const TokensPage = lazy(() =>
  import('./tokens-page').then((module) => ({ default: module.TokensPage })),
);
const MailPage = lazy(() => import('./mail-page').then((module) => ({ default: module.MailPage })));

// The collections settings are another part's pages (./collections/), routed here.
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
    { path: '/settings/organization', render: () => <OrganizationPage /> },
    { path: '/settings/invoicing', render: () => <InvoicingPage /> },
    { path: '/settings/users', render: () => <UsersPage /> },
    { path: '/settings/password', render: () => <PasswordPage /> },
    { path: '/settings/tokens', render: () => <TokensPage /> },
    { path: '/settings/mail', render: () => <MailPage /> },
    { path: '/settings/policies', render: () => <PoliciesPage /> },
    { path: '/settings/templates', render: () => <TemplatesPage /> },
    { path: '/settings/credit-control', render: () => <CreditControlPage /> },
    { path: '/settings/aging-buckets', render: () => <AgingBucketsPage /> },
    { path: '/settings/payment-terms', render: () => <PaymentTermsPage /> },
  ],
};
