import { isNum, pct } from '../format.js';

export interface IntervalRow {
  readonly label: string;
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly note?: string;
}

const W = 640;
const LABEL = 160;
const ROW = 30;
const PAD = 24;

/** Estimates on a 0–100% axis: a dot for the value, whiskers for the 95% interval. */
export function IntervalChart(props: { rows: readonly IntervalRow[]; title: string }) {
  const h = props.rows.length * ROW + PAD + 20;
  const x = (v: number): number => LABEL + v * (W - LABEL - 20);
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${h}`} role="img" aria-label={props.title}>
      {[0, 0.25, 0.5, 0.75, 1].map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={8} y2={h - PAD} class="grid" />
          <text x={x(t)} y={h - 8} class="tick" text-anchor="middle">
            {pct(t, 0)}
          </text>
        </g>
      ))}
      {props.rows.map((r, i) => {
        const y = 8 + i * ROW + ROW / 2;
        return (
          <g key={r.label} class="interval-row">
            <text x={LABEL - 10} y={y + 4} text-anchor="end" class="label">
              {r.label.length > 22 ? `${r.label.slice(0, 21)}…` : r.label}
            </text>
            {isNum(r.lower) && isNum(r.upper) && (
              <>
                <line x1={x(r.lower)} x2={x(r.upper)} y1={y} y2={y} class="whisker" />
                <line x1={x(r.lower)} x2={x(r.lower)} y1={y - 6} y2={y + 6} class="whisker" />
                <line x1={x(r.upper)} x2={x(r.upper)} y1={y - 6} y2={y + 6} class="whisker" />
              </>
            )}
            {isNum(r.value) && (
              <circle cx={x(r.value)} cy={y} r={5} class="dot">
                <title>{`${r.label}: ${pct(r.value)} [${pct(r.lower)}, ${pct(r.upper)}]${r.note ? ` — ${r.note}` : ''}`}</title>
              </circle>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** A small inline error bar for table cells (0–100%). */
export function MiniBar(props: { value: number | null; lower: number | null; upper: number | null }) {
  const w = 90;
  const x = (v: number): number => 4 + v * (w - 8);
  return (
    <svg class="minibar" width={w} height={14} viewBox={`0 0 ${w} 14`} aria-hidden="true">
      <line x1={4} x2={w - 4} y1={7} y2={7} class="track" />
      {isNum(props.lower) && isNum(props.upper) && (
        <line x1={x(props.lower)} x2={x(props.upper)} y1={7} y2={7} class="whisker" />
      )}
      {isNum(props.value) && <circle cx={x(props.value)} cy={7} r={3.5} class="dot" />}
    </svg>
  );
}
