import type { ReactNode } from 'react';
import './charts.css';

/**
 * A chart as a figure: its caption says what it shows, the drawing comes first, and the same
 * figures are one click away as a table ("Show as table"), for a screen reader, for copying, and
 * for whoever wants the exact amounts rather than lengths.
 */
export function ChartFigure({
  caption,
  children,
  table,
  legend,
}: {
  caption: ReactNode;
  /** The svg (role="img" with its own accessible name). */
  children: ReactNode;
  table: ReactNode;
  legend?: ReactNode;
}) {
  return (
    <figure className="chart">
      <figcaption>{caption}</figcaption>
      {children}
      {legend}
      <details className="chart-table">
        <summary>Show as table</summary>
        {table}
      </details>
    </figure>
  );
}

/** The colour of each series or bucket, told apart by its place in the legend and the table too. */
export const chartColours = [
  '#2f6fb3',
  '#7a9a1e',
  '#d49a00',
  '#d2691e',
  '#b8322a',
  '#7b3f99',
  '#3d8b8b',
  '#555f6b',
] as const;

export const colourAt = (index: number): string => chartColours[index % chartColours.length]!;

export function Legend({ entries }: { entries: readonly { label: string; colour: string }[] }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {entries.map((entry) => (
        <li key={entry.label}>
          <span className="swatch" style={{ background: entry.colour }} />
          {entry.label}
        </li>
      ))}
    </ul>
  );
}
