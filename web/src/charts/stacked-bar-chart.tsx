import { Group } from '@visx/group';
import { Link } from '../routing';
import { colourAt } from './chart-figure';
import { stackSegments } from './scale';

export interface StackedBar {
  /** The bar's name, shown at its left ("EUR"). */
  readonly label: string;
  readonly parts: readonly {
    readonly label: string;
    /** An exact decimal string. */
    readonly amount: string;
    /** The amount as it is shown, in the reader's locale. */
    readonly text: string;
    /** Where a click on the part leads: the rows behind it. */
    readonly href: string;
  }[];
}

const barHeight = 28;
const gap = 14;
const labelWidth = 48;

/**
 * Horizontal bars cut into parts (the aging buckets of each currency): each part is a link to
 * the rows behind it, reachable with the keyboard and named by what it holds, so the chart is a
 * way in to the work, not a picture. Each bar is measured against its own total: currencies are
 * never compared by length.
 */
export function StackedBarChart({
  bars,
  title,
  width = 640,
}: {
  bars: readonly StackedBar[];
  title: string;
  width?: number;
}) {
  const height = bars.length * (barHeight + gap);
  const plotWidth = width - labelWidth - 8;
  const laidOut = bars.map((bar, row) => ({
    bar,
    top: row * (barHeight + gap) + gap / 2,
    segments: stackSegments(bar.parts.map((part) => part.amount)),
  }));
  const percent = (value: number, of: number) => `${(value / of) * 100}%`;
  return (
    <div className="chart-area" style={{ maxWidth: width }}>
      <svg role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} className="chart-svg">
        {laidOut.map(({ bar, top, segments }) => (
          <Group key={bar.label} top={top}>
            <text x={0} y={barHeight / 2} dominantBaseline="middle" className="chart-label">
              {bar.label}
            </text>
            <Group left={labelWidth}>
              <rect width={plotWidth} height={barHeight} className="chart-track" />
              {bar.parts.map((part, index) => {
                const segment = segments[index]!;
                if (segment.size === 0) return null;
                return (
                  <rect
                    key={part.label}
                    x={segment.start * plotWidth}
                    width={Math.max(segment.size * plotWidth, 2)}
                    height={barHeight}
                    fill={colourAt(index)}
                  />
                );
              })}
            </Group>
          </Group>
        ))}
      </svg>
      {/* The parts as links laid over the drawing: a picture (role img) holds no controls. */}
      {laidOut.map(({ bar, top, segments }) =>
        bar.parts.map((part, index) => {
          const segment = segments[index]!;
          if (segment.size === 0) return null;
          const name = `${bar.label} ${part.label}: ${part.text}`;
          return (
            <Link
              key={`${bar.label}-${part.label}`}
              to={part.href}
              aria-label={name}
              title={name}
              className="chart-hotspot"
              style={{
                left: percent(labelWidth + segment.start * plotWidth, width),
                width: percent(Math.max(segment.size * plotWidth, 2), width),
                top: percent(top, height),
                height: percent(barHeight, height),
              }}
            />
          );
        }),
      )}
    </div>
  );
}
