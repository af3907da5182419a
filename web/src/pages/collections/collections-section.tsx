import { lazy } from 'react';
import type { Section } from '../../page-routes';

const CollectionsPage = lazy(() =>
  import('./collections-page').then((module) => ({ default: module.CollectionsPage })),
);

export const collectionsSection: Section = {
  label: 'Collections',
  path: '/collections',
  routes: [{ path: '/collections', render: () => <CollectionsPage /> }],
};
