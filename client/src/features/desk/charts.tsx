/**
 * Hand-rolled SVG charts of the dashboard: a few hundred bytes each instead of a chart
 * library, accessible (each chart has a title and a data table fallback via <title>s).
 */
import { useId } from 'react';

export const PALETTE = ['#0b5cad', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51', '#8a5a9e', '#6c757d'];

type Stack = { label: string; parts: { key: string; value: number }[] };

/** Vertical stacked bars (e.g. monthly volume by category). */
export function StackedBars({
  data,
  keys,
  keyLabel,
  title,
}: {
  data: Stack[];
  keys: readonly string[];
  keyLabel: (key: string) => string;
  title: string;
}) {
  const id = useId();
  const width = 520;
  const height = 220;
  const pad = { l: 36, b: 22, t: 8, r: 8 };
  const max = Math.max(1, ...data.map((d) => d.parts.reduce((s, p) => s + p.value, 0)));
  const plotH = height - pad.b - pad.t;
  const band = (width - pad.l - pad.r) / Math.max(1, data.length);
  const bar = Math.min(48, band * 0.7);
  const ticks = niceTicks(max);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={id}>
        <title id={id}>{title}</title>
        {ticks.map((v) => {
          const y = pad.t + plotH - (v / max) * plotH;
          return (
            <g key={v}>
              <line
                x1={pad.l}
                x2={width - pad.r}
                y1={y}
                y2={y}
                style={{ stroke: 'var(--md-outline-variant)' }}
              />
              <text x={pad.l - 4} y={y + 3} textAnchor="end" style={{ fill: 'var(--md-on-surface-variant)' }}>
                {v}
              </text>
            </g>
          );
        })}
        {data.map((d, i) => {
          const x = pad.l + i * band + (band - bar) / 2;
          let y = pad.t + plotH;
          return (
            <g key={d.label}>
              {d.parts.map((p) => {
                const h = (p.value / max) * plotH;
                y -= h;
                const color = PALETTE[keys.indexOf(p.key) % PALETTE.length];
                return (
                  <rect key={p.key} x={x} y={y} width={bar} height={h} fill={color}>
                    <title>{`${d.label} — ${keyLabel(p.key)}: ${p.value}`}</title>
                  </rect>
                );
              })}
              <text
                x={x + bar / 2}
                y={height - 6}
                textAnchor="middle"
                style={{ fill: 'var(--md-on-surface-variant)' }}
              >
                {d.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {keys.map((k, i) => (
          <span key={k}>
            <i style={{ background: PALETTE[i % PALETTE.length] }} />
            {keyLabel(k)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Horizontal bars with a value label; `max` fixes the scale (e.g. 1 for shares). */
export function HBars({
  data,
  title,
  format,
  max,
  color = PALETTE[0],
}: {
  data: { label: string; value: number; note?: string }[];
  title: string;
  format: (value: number) => string;
  max?: number;
  color?: string;
}) {
  const id = useId();
  const row = 24;
  const labelW = 190;
  const width = 520;
  const height = Math.max(row, data.length * row) + 4;
  const top = max ?? Math.max(1, ...data.map((d) => d.value));
  const plotW = width - labelW - 80;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={id}>
      <title id={id}>{title}</title>
      {data.map((d, i) => {
        const y = i * row + 2;
        const w = Math.max(0, (d.value / top) * plotW);
        return (
          <g key={d.label}>
            <text
              x={labelW - 6}
              y={y + row / 2 + 4}
              textAnchor="end"
              style={{ fill: 'var(--md-on-surface)' }}
            >
              {d.label.length > 30 ? `${d.label.slice(0, 29)}…` : d.label}
            </text>
            <rect
              x={labelW}
              y={y + 3}
              width={plotW}
              height={row - 8}
              style={{ fill: 'var(--md-surface-container-high)' }}
            />
            <rect x={labelW} y={y + 3} width={w} height={row - 8} fill={color}>
              <title>{`${d.label}: ${format(d.value)}${d.note ? ` (${d.note})` : ''}`}</title>
            </rect>
            <text x={labelW + plotW + 6} y={y + row / 2 + 4} style={{ fill: 'var(--md-on-surface)' }}>
              {format(d.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function niceTicks(max: number): number[] {
  const step = 10 ** Math.floor(Math.log10(max));
  const unit = max / step > 5 ? step * 2 : max / step > 2 ? step : step / 2;
  const out: number[] = [];
  for (let v = 0; v <= max; v += Math.max(1, unit)) out.push(Math.round(v));
  return out;
}
