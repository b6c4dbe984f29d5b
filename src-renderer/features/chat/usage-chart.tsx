import { formatCount } from '../../lib/format.js';
import { resolveUsageSeries } from './chat-state.js';
import type { ChatMessageView } from './chat-state.js';

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
export function UsageChart({ messages, width = 360, height = 72 }: UsageChartProps) {
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
  const slot = width / points.length;
  const barWidth = Math.max(2, Math.min(24, slot * 0.7));
  const y = (value: number, peak: number): number => height - 2 - (value / peak) * (height - 4);
  const costPoints = points.map((p, i) => `${(i * slot + slot / 2).toFixed(1)},${(peakCost > 0 ? y(p.cumulativeCost, peakCost) : height - 2).toFixed(1)}`);
  return (
    <figure className="usage-chart">
      <svg role="img" aria-label={`Usage of this session: ${summary}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
        {points.map((p, i) => {
          const x = i * slot + (slot - barWidth) / 2;
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
      </svg>
      <figcaption className="usage-summary">
        <span className="usage-key usage-key-input">input</span> <span className="usage-key usage-key-output">output</span>{' '}
        <span className="usage-key usage-key-cost">cost</span> · {summary}
      </figcaption>
    </figure>
  );
}
