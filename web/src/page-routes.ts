import type { ReactNode } from 'react';

/** A page at an address such as "/customers/:id"; the named parts are passed to render. */
export interface PageRoute {
  readonly path: string;
  readonly render: (params: Readonly<Record<string, string>>) => ReactNode;
}

/**
 * One entry of the main navigation and the pages under it. Each section lives in its own folder
 * (web/src/pages/<section>/<section>-section.tsx) and loads its pages lazily, so the first
 * download holds only the frame of the app and each section costs only when it is visited.
 */
export interface Section {
  readonly label: string;
  /** Where the navigation link leads. */
  readonly path: string;
  /** Tried in order, the first match wins: list literal paths ("/invoices/new") before ":id". */
  readonly routes: readonly PageRoute[];
}
