import type { TrendFlag } from '../api.js';
import { date, isNum, pct } from '../format.js';

export interface TrendSeriesPoint {
  readonly key: string;
  readonly t: number;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly label: string;
}

const W = 1200;
const H = 340;
const L = 64;
const R = 48;
const T = 16;
const B = 40;

/**
 * A metric over time: the line, its 95% interval as a band, baselines as dashed verticals,
 * and runs the compare logic flagged as regressed (red) or improved (green).
 */
export function TrendChart(props: {
  points: readonly TrendSeriesPoint[];
  baselines: readonly { name: string; t: number }[];
  flags: readonly (TrendFlag & { t: number })[];
  yLabel: string;
}) {
  const { points } = props;
  const ts = points.map((p) => p.t);
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  const span = t1 - t0 || 86_400_000;
  const rawLo = Math.min(...points.map((p) => (isNum(p.lower) ? p.lower : p.value)));
  const rawHi = Math.max(...points.map((p) => (isNum(p.upper) ? p.upper : p.value)));
  const step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25].find((s) => (rawHi - rawLo) / s <= 6) ?? 0.25;
  const lo = Math.max(0, Math.floor(rawLo / step) * step);
  const hi = Math.min(1, Math.max(lo + step, Math.ceil(rawHi / step) * step));
  const x = (t: number): number => L + ((t - (t1 === t0 ? t0 - span / 2 : t0)) / span) * (W - L - R);
  const y = (v: number): number => T + (1 - (v - lo) / (hi - lo || 1)) * (H - T - B);
  const withBand = points.filter((p) => isNum(p.lower) && isNum(p.upper));
  const band = withBand.length > 1
    ? `${withBand.map((p, i) => `${i ? 'L' : 'M'}${x(p.t)},${y(p.upper)}`).join(' ')} ${[...withBand].reverse().map((p) => `L${x(p.t)},${y(p.lower)}`).join(' ')} Z`
    : '';
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.t)},${y(p.value)}`).join(' ');
  const yTicks = Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => lo + step * i);
  const xTicks = points.length <= 6 ? points.map((p) => p.t) : Array.from({ length: 5 }, (_, i) => t0 + (span * i) / 4);
  return (
    <svg class="chart trend" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.yLabel} over time`}>
      {yTicks.map((v) => (
        <g key={v}>
          <line x1={L} x2={W - R} y1={y(v)} y2={y(v)} class="grid" />
          <text x={L - 6} y={y(v) + 4} text-anchor="end" class="tick">{pct(v, step < 0.05 ? 1 : 0)}</text>
        </g>
      ))}
      <line x1={L} x2={W - R} y1={H - B} y2={H - B} class="axis" />
      {xTicks.map((t) => <text key={t} x={x(t)} y={H - B + 18} text-anchor="middle" class="tick">{date(new Date(t).toISOString()).slice(0, 10)}</text>)}
      <text x={14} y={T + (H - T - B) / 2} class="axis-label" transform={`rotate(-90 14 ${T + (H - T - B) / 2})`} text-anchor="middle">{props.yLabel}</text>
      {band && <path d={band} class="band" />}
      {props.baselines.map((b) => (
        <g key={b.name} class="baseline-marker">
          <line x1={x(b.t)} x2={x(b.t)} y1={T} y2={H - B} />
          <text x={x(b.t) + 4} y={T + 10} class="tick">baseline: {b.name}</text>
        </g>
      ))}
      <path d={line} class="line" />
      {points.map((p) => <circle key={p.key} cx={x(p.t)} cy={y(p.value)} r={4} class="dot"><title>{`${p.label}: ${pct(p.value)} [${pct(p.lower)}, ${pct(p.upper)}]`}</title></circle>)}
      {props.flags.filter((f) => f.verdict === 'regressed' || f.verdict === 'improved').map((f) => {
        const p = points.find((q) => q.key === f.candidateRunId);
        if (!p) return null;
        return <circle key={`flag-${f.candidateRunId}`} cx={x(p.t)} cy={y(p.value)} r={9} class={`flag ${f.verdict}`}><title>{`${f.verdict} vs previous run (${pct(f.delta.value)} change)`}</title></circle>;
      })}
    </svg>
  );
}
