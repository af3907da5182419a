import { AxisBottom, AxisLeft } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleLinear, scalePoint } from '@visx/scale';
import { LinePath } from '@visx/shape';
import { colourAt } from './chart-figure';
import { valueDomain } from './scale';

export interface LineSeries {
  readonly label: string;
  /** One value per point of the x axis; null where there is none (a gap in the line). */
  readonly values: readonly (number | null)[];
  /** The line's colour; by default the next of chartColours. */
  readonly colour?: string;
}

const margin = { top: 10, right: 12, bottom: 28, left: 44 };

/**
 * Ratios over time (DSO, best possible DSO, CEI month by month): one line per series, a gap
 * where a month has no figure. The figures are ratios, not money, so an ordinary axis fits.
 */
export function LineChart({
  points,
  series,
  title,
  width = 640,
  height = 220,
}: {
  /** The x axis: one label per point ("2026-01"). */
  points: readonly string[];
  series: readonly LineSeries[];
  title: string;
  width?: number;
  height?: number;
}) {
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const x = scalePoint({ domain: [...points], range: [0, plotWidth], padding: 0.3 });
  const y = scaleLinear({
    domain: valueDomain(series.flatMap((s) => s.values)),
    range: [plotHeight, 0],
    nice: true,
  });
  // Every other month's label when they would crowd each other.
  const every = points.length > 8 ? 2 : 1;
  return (
    <svg
      role="img"
      aria-label={title}
      viewBox={`0 0 ${width} ${height}`}
      className="chart-svg"
      style={{ maxWidth: width }}
    >
      <Group left={margin.left} top={margin.top}>
        <AxisLeft scale={y} numTicks={4} tickClassName="chart-tick" />
        <AxisBottom
          top={plotHeight}
          scale={x}
          tickValues={points.filter((_, index) => index % every === 0)}
          tickClassName="chart-tick"
        />
        {series.map((line, index) => (
          <Group key={line.label}>
            <LinePath
              data={line.values.map((value, at) => ({ value, at }))}
              defined={(point) => point.value !== null}
              x={(point) => x(points[point.at]!) ?? 0}
              y={(point) => y(point.value ?? 0)}
              stroke={line.colour ?? colourAt(index)}
              strokeWidth={2}
            />
            {line.values.map((value, at) =>
              value === null ? null : (
                <circle
                  key={points[at]}
                  cx={x(points[at]!) ?? 0}
                  cy={y(value)}
                  r={3}
                  fill={line.colour ?? colourAt(index)}
                />
              ),
            )}
          </Group>
        ))}
      </Group>
    </svg>
  );
}
