import { AxisBottom } from '@visx/axis';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Line } from '@visx/shape';
import { useRef, useState, type PointerEvent } from 'react';
import {
  actionSummary,
  offsetDaysMax,
  offsetDaysMin,
  offsetLabel,
  type ActionType,
  type StepDraft,
} from './policy-steps';

const width = 860;
const margin = { left: 30, right: 30 };
const levelHeight = 26;
/** About the width of a character of the 12px labels, to keep labels of one row apart. */
const charWidth = 6.6;

/** One colour per kind of action, so that a glance tells reminders from fees and hand-overs. */
const actionColours: Record<ActionType, string> = {
  email: '#1d5fa8',
  statement: '#5b4aa0',
  task: '#2f6f3e',
  letter: '#8a5a00',
  late_fee: '#a4262c',
  credit_hold: '#7a2b68',
  handover: '#3d3d3d',
};

function domainOf(steps: readonly StepDraft[]): [number, number] {
  const days = steps.map((step) => step.offset_days);
  const first = Math.min(-7, ...days);
  const last = Math.max(30, ...days);
  // A little room on each side, so the first and last steps are not drawn on the edge.
  const pad = Math.max(3, Math.round((last - first) * 0.05));
  return [Math.max(offsetDaysMin, first - pad), Math.min(offsetDaysMax, last + pad)];
}

interface PlacedLabel {
  readonly step: StepDraft;
  /** The row above the axis, 0 nearest to it. */
  readonly level: number;
  readonly anchor: 'start' | 'end';
  readonly text: string;
}

/**
 * Puts each step's label on the lowest row where it overlaps no other label, so that steps a few
 * days apart stay readable; labels near the right edge run leftwards from their dot.
 */
function placeLabels(steps: readonly StepDraft[], xOf: (days: number) => number): PlacedLabel[] {
  const rows: { from: number; to: number }[][] = [];
  return steps.map((step) => {
    const days = step.offset_days > 0 ? `+${step.offset_days}` : String(step.offset_days);
    const text = `${days} ${actionSummary(step.action)}`;
    const cx = xOf(step.offset_days);
    const labelWidth = text.length * charWidth + 12;
    const anchor = cx + labelWidth > width ? 'end' : 'start';
    const from = anchor === 'start' ? cx - 2 : cx - labelWidth;
    const to = anchor === 'start' ? cx + labelWidth : cx + 2;
    let level = 0;
    while (rows[level]?.some((taken) => from < taken.to && to > taken.from)) level++;
    (rows[level] ??= []).push({ from, to });
    return { step, level, anchor, text };
  });
}

/**
 * The steps of a policy placed on an axis of days around the due date. With a mouse a step is
 * moved by dragging its dot along the axis; the table of steps below is the same information and
 * the way to edit it with the keyboard or a screen reader, so the drawing itself is one image.
 */
export function PolicyTimeline({
  name,
  steps,
  onMove,
}: {
  name: string;
  steps: readonly StepDraft[];
  /** Called when a step is dragged to another day; absent when the user may not edit. */
  onMove?: ((key: string, offsetDays: number) => void) | undefined;
}) {
  const svg = useRef<SVGSVGElement>(null);
  const [dragging, setDragging] = useState<{ key: string; days: number } | null>(null);
  // The scale is frozen while a dot is dragged, or the axis would slide under the pointer.
  const [frozenDomain, setFrozenDomain] = useState<[number, number] | null>(null);
  const domain = frozenDomain ?? domainOf(steps);
  const x = scaleLinear<number>({ domain, range: [margin.left, width - margin.right] });

  const shown = steps.map((step) =>
    dragging?.key === step.key ? { ...step, offset_days: dragging.days } : step,
  );
  const ordered = [...shown].sort((a, b) => a.offset_days - b.offset_days);
  const placed = placeLabels(ordered, (days) => x(days));
  const levels = Math.max(3, ...placed.map((label) => label.level + 1));
  const axisY = levels * levelHeight + 30;
  const height = axisY + 40;

  const dayAt = (event: PointerEvent): number => {
    const element = svg.current;
    const matrix = element?.getScreenCTM();
    if (!element || !matrix) return 0;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const days = Math.round(x.invert(point.x));
    return Math.min(offsetDaysMax, Math.max(offsetDaysMin, days));
  };

  const start = (step: StepDraft) => (event: PointerEvent) => {
    if (!onMove) return;
    (event.target as Element).setPointerCapture(event.pointerId);
    setFrozenDomain(domain);
    setDragging({ key: step.key, days: step.offset_days });
  };
  const move = (event: PointerEvent) => {
    if (dragging) setDragging({ key: dragging.key, days: dayAt(event) });
  };
  const end = () => {
    if (dragging && onMove) onMove(dragging.key, dragging.days);
    setDragging(null);
    setFrozenDomain(null);
  };

  const description =
    ordered.length === 0
      ? `${name} has no steps.`
      : `${name}: ` +
        ordered
          .map((step) => `${offsetLabel(step.offset_days)}, ${actionSummary(step.action)}`)
          .join('; ') +
        '.';

  return (
    <figure className="policy-timeline">
      <figcaption>
        When each step of {name} happens, in days from the invoice&rsquo;s due date
        {onMove ? ' (drag a dot to move its step, or change its day in the table below)' : ''}
      </figcaption>
      <svg
        ref={svg}
        role="img"
        aria-label={description}
        viewBox={`0 0 ${width} ${height}`}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
      >
        {/* Drawn first, so the dots lie on top of the axis and take the pointer. */}
        <AxisBottom
          top={axisY}
          scale={x}
          numTicks={12}
          tickFormat={(value) => {
            const days = Number(value);
            return days > 0 ? `+${days}` : String(days);
          }}
          stroke="#555"
          tickStroke="#555"
          tickLabelProps={{ fill: '#333', fontSize: 11, textAnchor: 'middle' }}
        />
        <Line
          from={{ x: x(0), y: 8 }}
          to={{ x: x(0), y: axisY }}
          stroke="#222"
          strokeDasharray="4 3"
        />
        <text x={x(0) + 4} y={16} fontSize={12} fill="#222">
          Due date
        </text>
        {placed.map(({ step, level, anchor, text }) => {
          const cx = x(step.offset_days);
          const labelY = axisY - 16 - level * levelHeight;
          const colour = actionColours[step.action.type];
          return (
            <Group key={step.key} className={dragging?.key === step.key ? 'dragging' : undefined}>
              <Line from={{ x: cx, y: labelY + 4 }} to={{ x: cx, y: axisY }} stroke={colour} />
              <text
                x={anchor === 'start' ? cx + 6 : cx - 6}
                y={labelY}
                fontSize={12}
                fill={colour}
                textAnchor={anchor}
              >
                {text}
              </text>
              <circle
                cx={cx}
                cy={axisY}
                r={onMove ? 8 : 6}
                fill={colour}
                stroke="#fff"
                strokeWidth={2}
                style={onMove ? { cursor: 'ew-resize', touchAction: 'none' } : undefined}
                onPointerDown={start(step)}
              />
            </Group>
          );
        })}
      </svg>
    </figure>
  );
}
