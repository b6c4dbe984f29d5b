export interface SparklineProps {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}

/** A small SVG line of recent values, scaled to its peak; described for screen readers by `label`. */
export function Sparkline({ values, label, width = 120, height = 28 }: SparklineProps) {
  const peak = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map((value, index) => `${(index * step).toFixed(1)},${(height - 2 - (value / peak) * (height - 4)).toFixed(1)}`).join(' ');
  return (
    <svg className="sparkline" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}
