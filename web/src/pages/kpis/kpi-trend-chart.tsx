import type { ReactNode } from 'react';
import type { KpiFigures } from '../../api/types';
import { ChartFigure, colourAt, Legend } from '../../charts/chart-figure';
import { LineChart } from '../../charts/line-chart';
import { ColumnHeaders } from '../../components/report-table';
import { TableScroll } from '../../components/table-scroll';
import { ratioText } from './kpi-definitions';

/**
 * DSO and best possible DSO (days) beside CEI (percent), month by month in one currency: two
 * charts, since days and percent share no axis, and the same figures as a table.
 */
export function KpiTrendFigure({
  currency,
  months,
  more,
}: {
  currency: string;
  months: readonly KpiFigures[];
  /** A link to the whole report, after the caption. */
  more?: ReactNode;
}) {
  const points = months.map((month) => month.from.slice(0, 7));
  const days = [
    { label: 'DSO', values: months.map((m) => m.dso) },
    { label: 'Best possible DSO', values: months.map((m) => m.best_possible_dso) },
  ];
  const cei = [{ label: 'CEI (%)', values: months.map((m) => m.cei), colour: colourAt(2) }];
  const caption = `DSO, best possible DSO and CEI in ${currency}`;
  return (
    <ChartFigure
      caption={
        <>
          {caption}, month by month{more && <> ({more})</>}
        </>
      }
      legend={
        <Legend
          entries={[...days, ...cei].map((line, index) => ({
            label: index < days.length ? `${line.label} (days)` : line.label,
            colour: colourAt(index),
          }))}
        />
      }
      table={
        <TableScroll label={caption}>
          <table className="report">
            <caption>{caption}</caption>
            <ColumnHeaders
              columns={[
                'Month',
                { amount: 'DSO (days)' },
                { amount: 'Best possible DSO (days)' },
                { amount: 'CEI (%)' },
              ]}
            />
            <tbody>
              {months.map((month) => (
                <tr key={month.from}>
                  <th scope="row">{month.from.slice(0, 7)}</th>
                  <td className="amount">{ratioText(month.dso)}</td>
                  <td className="amount">{ratioText(month.best_possible_dso)}</td>
                  <td className="amount">{ratioText(month.cei)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      }
    >
      <div className="chart-pair">
        <LineChart
          title={`DSO and best possible DSO in days, ${currency}, month by month`}
          points={points}
          series={days}
          width={420}
        />
        <LineChart
          title={`CEI in percent, ${currency}, month by month`}
          points={points}
          series={cei}
          width={420}
        />
      </div>
    </ChartFigure>
  );
}
