import { formatCount } from '../../lib/format.js';
import { resolveUsageSeries } from './chat-state.js';
import type { ChatMessageView } from './chat-state.js';

/** Width budgeted per character of a 10 px axis label, wider than any digit or "$" in the UI fonts. */
const LABEL_CHAR_WIDTH = 7;
/** Height of a 10 px label above its baseline. */
const LABEL_HEIGHT = 10;

/** Formats US dollars with enough digits for fractions of a cent ("$0.0042", "$1.27"). */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

export interface UsageChartProps {
  messages: readonly ChatMessageView[];
  width?: number;
  height?: number;
}

/**
 * Tokens per answer (input and output stacked as bars) and the running cost (a line), oldest answer
 * left; the totals are written out for screen readers and small screens.
 */
export function UsageChart({ messages, width = 420, height = 60 }: UsageChartProps) {
  const { points, tokens, cost } = resolveUsageSeries(messages);
  const summary = `${points.length} answer${points.length === 1 ? '' : 's'}, ${formatCount(tokens)} tokens, ${formatUsd(cost)}`;
  if (points.length === 0) {
    return (
      <p className="usage-summary muted" aria-label="Usage">
        No usage yet: tokens and cost appear here after the first answer.
      </p>
    );
  }
  const peakTokens = Math.max(1, ...points.map((p) => p.input + p.output));
  const peakCost = Math.max(...points.map((p) => p.cumulativeCost));
  const last = points[points.length - 1];
  const peakLabel = formatCount(peakTokens);
  const costLabel = last ? formatUsd(last.cumulativeCost) : '';
  // Room for the token scale on the left and the running total on the right, as wide as their text
  // (a generous width per character: the labels must never be cut at the SVG's edge).
  const left = 8 + Math.max(2, peakLabel.length) * LABEL_CHAR_WIDTH;
  const right = 8 + Math.max(4, costLabel.length) * LABEL_CHAR_WIDTH;
  const plot = Math.max(1, width - left - right);
  const slot = plot / points.length;
  const barWidth = Math.max(2, Math.min(24, slot * 0.7));
  const y = (value: number, peak: number): number => height - 2 - (value / peak) * (height - 4);
  const costY = (value: number): number => (peakCost > 0 ? y(value, peakCost) : height - 2);
  const costPoints = points.map((p, i) => `${(left + i * slot + slot / 2).toFixed(1)},${costY(p.cumulativeCost).toFixed(1)}`);
  // A label's y is its baseline: keep the whole glyph box inside the chart.
  const labelY = (value: number): number => Math.min(height - 2, Math.max(LABEL_HEIGHT, value));
  return (
    <figure className="usage-chart">
      <svg role="img" aria-label={`Usage of this session: ${summary}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        <text className="usage-axis-label" x={left - 6} y={10} textAnchor="end">
          {peakLabel}
        </text>
        <text className="usage-axis-label" x={left - 6} y={height - 2} textAnchor="end">
          0
        </text>
        <line className="usage-axis" x1={left} y1={height - 1.5} x2={left + plot} y2={height - 1.5} />
        {points.map((p, i) => {
          const x = left + i * slot + (slot - barWidth) / 2;
          const inputTop = y(p.input, peakTokens);
          const totalTop = y(p.input + p.output, peakTokens);
          return (
            <g key={`${p.ts}-${i}`}>
              <title>{`${formatCount(p.input)} in + ${formatCount(p.output)} out tokens, ${formatUsd(p.cost)}`}</title>
              <rect className="usage-bar-input" x={x} y={inputTop} width={barWidth} height={height - 2 - inputTop} />
              <rect className="usage-bar-output" x={x} y={totalTop} width={barWidth} height={inputTop - totalTop} />
            </g>
          );
        })}
        {points.length > 1 ? <polyline className="usage-cost-line" points={costPoints.join(' ')} fill="none" strokeWidth="1.5" /> : null}
        {last ? (
          <text className="usage-axis-label usage-cost-label" x={left + plot + 6} y={labelY(costY(last.cumulativeCost) + 4)}>
            {costLabel}
          </text>
        ) : null}
      </svg>
      <figcaption className="usage-summary">
        Tokens per answer: <span className="usage-key usage-key-input">input</span>{' '}
        <span className="usage-key usage-key-output">output</span>; <span className="usage-key usage-key-cost">running cost</span> · {summary}
      </figcaption>
    </figure>
  );
}
