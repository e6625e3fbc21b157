/**
 * Small SVG charts drawn by hand: the dashboard needs a bar chart and a funnel, not a charting
 * library's 100 KB. Each chart carries its numbers as text too, for screen readers.
 */
export function BarChart({ label, bars, format, height = 160 }: { label: string; bars: { label: string; value: number }[]; format: (n: number) => string; height?: number }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const width = Math.max(240, bars.length * 28);
  const barWidth = (width / Math.max(1, bars.length)) * 0.7;
  const summary = bars.map((b) => `${b.label}: ${format(b.value)}`).join('; ');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label={`${label}. ${summary}`} preserveAspectRatio="none">
        {bars.map((b, i) => {
          const h = (b.value / max) * height;
          const x = (i + 0.15) * (width / bars.length);
          return (
            <g key={b.label}>
              <rect x={x} y={height - h} width={barWidth} height={Math.max(h, b.value ? 1 : 0)} className="bar">
                <title>{`${b.label}: ${format(b.value)}`}</title>
              </rect>
              {(bars.length <= 14 || i % Math.ceil(bars.length / 14) === 0) && (
                <text x={x + barWidth / 2} y={height + 14} textAnchor="middle" className="axis">
                  {b.label.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** Each stage as a bar proportional to the first, with the share that went on from the previous one. */
export function Funnel({ stages }: { stages: { label: string; value: number }[] }) {
  const first = Math.max(1, stages[0]?.value ?? 1);
  return (
    <ol className="funnel">
      {stages.map((s, i) => {
        const previous = i > 0 ? stages[i - 1]!.value : 0;
        return (
          <li key={s.label}>
            <span className="funnel-label">
              {s.label}: <strong>{s.value}</strong>
              {i > 0 && previous > 0 && <span className="muted"> ({Math.round((s.value / previous) * 100)}% of the step before)</span>}
            </span>
            <span className="funnel-bar" style={{ width: `${Math.max(1, (s.value / first) * 100)}%` }} aria-hidden="true" />
          </li>
        );
      })}
    </ol>
  );
}
