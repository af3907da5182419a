import type { Permission } from '../../permissions';

/** One page of the settings, as the settings home lists it. */
export interface SettingsPageEntry {
  readonly path: string;
  readonly title: string;
  readonly description: string;
  /**
   * What the page is for: the home lists it only to roles with this permission, so that nobody
   * is led to a page whose every control would be refused.
   */
  readonly permission: Permission;
}

export const settingsPages: readonly SettingsPageEntry[] = [
  {
    path: '/settings/organization',
    title: 'Organization',
    description: 'The name, base currency and time zone of the organization.',
    permission: 'settings.manage',
  },
  {
    path: '/settings/invoicing',
    title: 'Invoicing',
    description:
      'What invoices say about the seller: legal name, address, VAT id, bank accounts, logo, footer.',
    permission: 'settings.manage',
  },
  {
    path: '/settings/users',
    title: 'Users',
    description: 'Invite people, change their roles, disable them, reset their passwords.',
    permission: 'users.manage',
  },
  {
    path: '/settings/password',
    title: 'Your password',
    description: 'Change the password you sign in with.',
    permission: 'read',
  },
  {
    path: '/settings/tokens',
    title: 'API tokens',
    description: 'Tokens that let a program use the API as you; create and revoke them.',
    permission: 'tokens.manage',
  },
  {
    path: '/settings/mail',
    title: 'Mail',
    description: 'The SMTP server reminders go out through and the sender; send a test message.',
    permission: 'collections.manage',
  },
  {
    path: '/settings/policies',
    title: 'Collection policies',
    description: 'The steps that follow up every unpaid invoice, and which policy is the default.',
    permission: 'collections.manage',
  },
  {
    path: '/settings/templates',
    title: 'Message templates',
    description: 'The subject and text of reminders and statements.',
    permission: 'collections.manage',
  },
  {
    path: '/settings/credit-control',
    title: 'Credit control',
    description:
      'Whether a customer over its credit limit or on hold warns or blocks new invoices.',
    permission: 'settings.manage',
  },
  {
    path: '/settings/aging-buckets',
    title: 'Aging buckets',
    description: 'The day ranges of the aging report.',
    permission: 'settings.manage',
  },
  {
    path: '/settings/payment-terms',
    title: 'Payment terms',
    description: 'The terms invoices are due by.',
    permission: 'settings.manage',
  },
];
