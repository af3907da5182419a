import { Group } from '@visx/group';
import { scaleBand } from '@visx/scale';
import { Link } from '../routing';
import { barLengths } from './scale';

export interface Bar {
  /** Under the bar ("23 Nov"). */
  readonly label: string;
  /** The bar's full name for a screen reader ("Week of 2026-11-23"). */
  readonly name: string;
  readonly amount: string;
  readonly text: string;
  readonly href: string;
}

const height = 180;
const bottom = 24;
const top = 8;

/**
 * Vertical bars of amounts (cash collected per week), each measured against the tallest and
 * each a link to the rows behind it. The amounts are in the title of each bar and in the table
 * beside the chart, not on an axis: an axis would need money turned into floating-point ticks.
 */
export function BarChart({
  bars,
  title,
  width = 640,
}: {
  bars: readonly Bar[];
  title: string;
  width?: number;
}) {
  const x = scaleBand({
    domain: bars.map((bar) => bar.name),
    range: [0, width],
    padding: 0.25,
  });
  const lengths = barLengths(bars.map((bar) => bar.amount));
  const plotHeight = height - bottom - top;
  const percent = (value: number, of: number) => `${(value / of) * 100}%`;
  const heights = lengths.map((length) => Math.max(length * plotHeight, length > 0 ? 2 : 0));
  return (
    <div className="chart-area" style={{ maxWidth: width }}>
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} className="chart-svg">
        <Group top={top}>
          <line x1={0} x2={width} y1={plotHeight} y2={plotHeight} className="chart-axis-line" />
          {bars.map((bar, index) => {
            const left = x(bar.name) ?? 0;
            return (
              <Group key={bar.name}>
                <rect
                  x={left}
                  y={plotHeight - heights[index]!}
                  width={x.bandwidth()}
                  height={heights[index]!}
                  className="chart-bar"
                />
                <text
                  x={left + x.bandwidth() / 2}
                  y={plotHeight + 16}
                  textAnchor="middle"
                  className="chart-tick"
                >
                  {bar.label}
                </text>
              </Group>
            );
          })}
        </Group>
      </svg>
      {/* Each whole column is a link laid over the drawing, so an empty week can be opened too. */}
      {bars.map((bar) => {
        const name = `${bar.name}: ${bar.text}`;
        return (
          <Link
            key={bar.name}
            to={bar.href}
            aria-label={name}
            title={name}
            className="chart-hotspot"
            style={{
              left: percent(x(bar.name) ?? 0, width),
              width: percent(x.bandwidth(), width),
              top: percent(top, height),
              height: percent(plotHeight, height),
            }}
          />
        );
      })}
    </div>
  );
}
