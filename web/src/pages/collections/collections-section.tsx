import { lazy } from 'react';
import type { Section } from '../../page-routes';

const CollectionsPage = lazy(() =>
  import('./collections-page').then((module) => ({ default: module.CollectionsPage })),
);
const RunPage = lazy(() => import('./run-page').then((module) => ({ default: module.RunPage })));
const OutboxPage = lazy(() =>
  import('./outbox-page').then((module) => ({ default: module.OutboxPage })),
);

export const collectionsSection: Section = {
  label: 'Collections',
  path: '/collections',
  routes: [
    { path: '/collections', render: () => <CollectionsPage /> },
    { path: '/collections/run', render: () => <RunPage /> },
    { path: '/collections/outbox', render: () => <OutboxPage /> },
  ],
};
