/**
 * Roles and what each may do. Owners and admins run the organization; accountants post money;
 * collectors work the accounts; sales staff manage customers and draft invoices; viewers read.
 */
export type Role = 'owner' | 'admin' | 'accountant' | 'collector' | 'sales' | 'viewer';

export const roles: readonly Role[] = [
  'owner',
  'admin',
  'accountant',
  'collector',
  'sales',
  'viewer',
];

export type Permission =
  | 'read'
  | 'customers.write'
  | 'invoices.draft'
  | 'invoices.post'
  | 'payments.post'
  | 'adjustments.post'
  | 'imports.run'
  | 'users.manage'
  | 'settings.manage'
  | 'tokens.manage'
  /** Work the accounts: tasks, notes, promises, disputes, payment plans, non-payment reasons. */
  | 'collections.work'
  /** Set up and run the collections: policies, templates, mail settings, runs, agency placements. */
  | 'collections.manage';

const grants: Readonly<Record<Role, readonly Permission[]>> = {
  owner: [
    'read',
    'customers.write',
    'invoices.draft',
    'invoices.post',
    'payments.post',
    'adjustments.post',
    'imports.run',
    'users.manage',
    'settings.manage',
    'tokens.manage',
    'collections.work',
    'collections.manage',
  ],
  admin: [
    'read',
    'customers.write',
    'invoices.draft',
    'invoices.post',
    'payments.post',
    'adjustments.post',
    'imports.run',
    'users.manage',
    'settings.manage',
    'tokens.manage',
    'collections.work',
    'collections.manage',
  ],
  accountant: [
    'read',
    'customers.write',
    'invoices.draft',
    'invoices.post',
    'payments.post',
    'adjustments.post',
    'imports.run',
    'tokens.manage',
    'collections.work',
  ],
  collector: ['read', 'customers.write', 'tokens.manage', 'collections.work'],
  sales: ['read', 'customers.write', 'invoices.draft', 'tokens.manage'],
  viewer: ['read'],
};

export function can(role: Role, permission: Permission): boolean {
  return grants[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
