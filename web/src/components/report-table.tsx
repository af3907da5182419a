import type { ReactNode } from 'react';
import { TableScroll } from './table-scroll';

/** A column's heading; an amount column is aligned right like its cells. */
export type Column = string | { readonly amount: string };

/** A table's header row, the columns in order. */
export function ColumnHeaders({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.amount} scope="col" className="amount">
              {column.amount}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/**
 * A list shown as a report table that scrolls sideways on its own, named by its caption unless
 * the caption says more than the name.
 */
export function ReportTable({
  label,
  caption = label,
  columns,
  children,
}: {
  label: string;
  caption?: ReactNode;
  columns: readonly Column[];
  /** The body's rows. */
  children: ReactNode;
}) {
  return (
    <TableScroll label={label}>
      <table className="report">
        <caption>{caption}</caption>
        <ColumnHeaders columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </TableScroll>
  );
}
