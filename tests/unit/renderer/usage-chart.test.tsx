// @vitest-environment jsdom
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChatMessageView } from '../../../src-renderer/features/chat/chat-state.js';
import { UsageChart } from '../../../src-renderer/features/chat/usage-chart.js';
import './support/harness.js';

function answer(ts: number, tokens: number, cost: number): ChatMessageView {
  return {
    id: `a-${ts}`,
    role: 'assistant',
    content: 'x',
    ts,
    runId: `r-${ts}`,
    status: 'done',
    usage: { input_tokens: tokens - 10, output_tokens: 10, total_tokens: tokens },
    cost,
  };
}

// The widest a 10 px label can draw per character in the UI fonts is under 7 px.
const CHAR_PX = 7;

describe('usage chart', () => {
  for (const [name, messages] of [
    ['a tiny cost (long label) at the bottom', [answer(1, 1_234_567, 0.000075)]],
    ['no cost at all', [answer(1, 900, 0), answer(2, 1200, 0)]],
    ['a large running total', [answer(1, 80_000, 12.5), answer(2, 90_000, 1500.25)]],
  ] as const) {
    it(`keeps every label inside the chart: ${name}`, () => {
      const { container } = render(<UsageChart messages={messages} />);
      const svg = container.querySelector('svg') as SVGSVGElement;
      const width = Number(svg.getAttribute('width'));
      const height = Number(svg.getAttribute('height'));
      for (const label of svg.querySelectorAll('text')) {
        const x = Number(label.getAttribute('x'));
        const y = Number(label.getAttribute('y'));
        const extent = (label.textContent ?? '').length * CHAR_PX;
        const [from, to] = label.getAttribute('text-anchor') === 'end' ? [x - extent, x] : [x, x + extent];
        expect(from, label.textContent ?? '').toBeGreaterThanOrEqual(0);
        expect(to, label.textContent ?? '').toBeLessThanOrEqual(width);
        expect(y - 10, label.textContent ?? '').toBeGreaterThanOrEqual(0);
        expect(y, label.textContent ?? '').toBeLessThanOrEqual(height);
      }
    });
  }
});
