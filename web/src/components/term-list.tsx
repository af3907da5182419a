import type { ReactNode } from 'react';

/** A term and what it says, in the order shown; a term appears once. */
export type Terms = [term: string, detail: ReactNode][];

/**
 * A document's or a customer's facts as a description list. Each term and its detail are wrapped
 * together so that the page's styles can lay them out as a grid of pairs.
 */
export function TermList({ className, terms }: { className: string; terms: Terms }) {
  return (
    <dl className={className}>
      {terms.map(([term, detail]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{detail}</dd>
        </div>
      ))}
    </dl>
  );
}
