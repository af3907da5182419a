import { lazy } from 'react';
import type { Section } from '../../page-routes';

const SettingsPage = lazy(() =>
  import('./settings-page').then((module) => ({ default: module.SettingsPage })),
);

export const settingsSection: Section = {
  label: 'Settings',
  path: '/settings',
  routes: [{ path: '/settings', render: () => <SettingsPage /> }],
};
