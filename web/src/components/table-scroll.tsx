import type { ReactNode } from 'react';

/**
 * A wide table scrolls sideways inside the page, with its first column (the customer, the month)
 * kept in view (styles.css). The region takes the keyboard focus, so that it scrolls without a
 * mouse, and is named after its table.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
