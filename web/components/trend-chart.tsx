import type { TrendFlag } from '../api.js';
import { isNum, pct } from '../format.js';

export interface TrendSeriesPoint {
  readonly key: string;
  readonly t: number;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly label: string;
  /** The x-axis label under this point (first line, second line). */
  readonly tick?: readonly [string, string?];
}

const W = 1200;
const H = 360;
const L = 76;
const R = 48;
const T = 16;
const B = 64;
/** Space between the axes and the first and last points, so no point sits on an axis. */
const INSET = 28;
/** The y-axis never spans less than this, so a tight interval does not look precise by zoom. */
const MIN_SPAN = 0.2;
/** Ranges wider than this are drawn on the whole 0–1 scale. */
const WIDE_SPAN = 0.5;

/**
 * The y-axis range: the whole of every interval with some padding, at least `MIN_SPAN` tall,
 * and the full 0–1 scale when the data spread over more than half of it.
 */
export function yRange(points: readonly { value: number; lower: number; upper: number }[]): {
  lo: number;
  hi: number;
  step: number;
} {
  const rawLo = Math.min(...points.map((p) => (isNum(p.lower) ? Math.min(p.lower, p.value) : p.value)));
  const rawHi = Math.max(...points.map((p) => (isNum(p.upper) ? Math.max(p.upper, p.value) : p.value)));
  const pad = Math.max(0.02, (rawHi - rawLo) * 0.1);
  let lo = Math.max(0, rawLo - pad);
  let hi = Math.min(1, rawHi + pad);
  if (hi - lo < MIN_SPAN) {
    const mid = (lo + hi) / 2;
    lo = Math.max(0, Math.min(mid - MIN_SPAN / 2, 1 - MIN_SPAN));
    hi = Math.min(1, lo + MIN_SPAN);
  }
  if (hi - lo > WIDE_SPAN) return { lo: 0, hi: 1, step: 0.1 };
  const step = [0.02, 0.05, 0.1].find((s) => (hi - lo) / s <= 8) ?? 0.1;
  return { lo: Math.floor(lo / step + 1e-9) * step, hi: Math.ceil(hi / step - 1e-9) * step, step };
}

/**
 * A metric over time: the line, its 95% interval as a band and as an error bar on every
 * point (so a single point still shows its uncertainty), baselines as dashed verticals, and
 * runs the compare logic flagged as regressed (red) or improved (green).
 */
export function TrendChart(props: {
  points: readonly TrendSeriesPoint[];
  baselines: readonly { name: string; t: number }[];
  flags: readonly (TrendFlag & { t: number })[];
  yLabel: string;
  xLabel: string;
  formatY?: (v: number, step: number) => string;
}) {
  const { points } = props;
  const formatY = props.formatY ?? ((v: number, step: number) => pct(v, step < 0.05 ? 1 : 0));
  const ts = points.map((p) => p.t);
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  const span = t1 - t0 || 86_400_000;
  const { lo, hi, step } = yRange(points);
  const x = (t: number): number =>
    L + INSET + ((t - (t1 === t0 ? t0 - span / 2 : t0)) / span) * (W - L - R - 2 * INSET);
  const y = (v: number): number => T + (1 - (v - lo) / (hi - lo || 1)) * (H - T - B);
  const withBand = points.filter((p) => isNum(p.lower) && isNum(p.upper));
  const band =
    withBand.length > 1
      ? `${withBand.map((p, i) => `${i ? 'L' : 'M'}${x(p.t)},${y(p.upper)}`).join(' ')} ${[...withBand]
          .reverse()
          .map((p) => `L${x(p.t)},${y(p.lower)}`)
          .join(' ')} Z`
      : '';
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t)},${y(p.value)}`).join(' ');
  const yTicks = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + step * i);
  // Label every point when they fit, else an even spread of them.
  const every = Math.max(1, Math.ceil(points.length / 8));
  const labelled = points.filter((_, i) => i % every === 0 || i === points.length - 1);
  const plotMid = T + (H - T - B) / 2;
  return (
    <svg class="chart trend" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.yLabel} over time`}>
      {yTicks.map((v) => (
        <g key={v}>
          <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} class="grid" />
          <text x={L - 6} y={y(v) + 4} text-anchor="end" class="tick">
            {formatY(v, step)}
          </text>
        </g>
      ))}
      <line x1={L} x2={W - R} y1={H - B} y2={H - B} class="axis" />
      <line x1={L} x2={L} y1={T} y2={H - B} class="axis" />
      {labelled.map((p) => (
        <text key={p.key} x={x(p.t)} y={H - B + 16} text-anchor="middle" class="tick x-tick">
          <tspan x={x(p.t)}>{p.tick?.[0] ?? p.label}</tspan>
          {p.tick?.[1] && (
            <tspan x={x(p.t)} dy={13}>
              {p.tick[1]}
            </tspan>
          )}
        </text>
      ))}
      <text x={18} y={plotMid} class="axis-label y-title" transform={`rotate(-90 18 ${plotMid})`} text-anchor="middle">
        {props.yLabel}
      </text>
      <text x={L + (W - L - R) / 2} y={H - 8} class="axis-label x-title" text-anchor="middle">
        {props.xLabel}
      </text>
      {band && <path d={band} class="band" />}
      {props.baselines.map((b) => (
        <g key={b.name} class="baseline-marker">
          <line x1={x(b.t)} x2={x(b.t)} y1={T} y2={H - B} />
          <text x={x(b.t) + 4} y={T + 10} class="tick">
            baseline: {b.name}
          </text>
        </g>
      ))}
      {withBand.map((p) => (
        <g key={`err-${p.key}`} class="errorbar-group">
          <line x1={x(p.t)} x2={x(p.t)} y1={y(p.upper)} y2={y(p.lower)} class="errorbar" />
          <line x1={x(p.t) - 6} x2={x(p.t) + 6} y1={y(p.upper)} y2={y(p.upper)} class="errorbar" />
          <line x1={x(p.t) - 6} x2={x(p.t) + 6} y1={y(p.lower)} y2={y(p.lower)} class="errorbar" />
        </g>
      ))}
      <path d={line} class="line" />
      {points.map((p) => (
        <circle key={p.key} cx={x(p.t)} cy={y(p.value)} r={4} class="dot">
          <title>{`${p.label}: ${formatY(p.value, 0.01)} [${formatY(p.lower, 0.01)}, ${formatY(p.upper, 0.01)}]`}</title>
        </circle>
      ))}
      {props.flags
        .filter((f) => f.verdict === 'regressed' || f.verdict === 'improved')
        .map((f) => {
          const p = points.find((q) => q.key === f.candidateRunId);
          if (!p) return null;
          return (
            <circle key={`flag-${f.candidateRunId}`} cx={x(p.t)} cy={y(p.value)} r={9} class={`flag ${f.verdict}`}>
              <title>{`${f.verdict} vs previous run (${pct(f.delta.value)} change)`}</title>
            </circle>
          );
        })}
    </svg>
  );
}
