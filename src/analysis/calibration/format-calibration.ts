import type { CalibrationReport, Interval } from './calibration-types.js';

const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 1000) / 10}%` : 'n/a');
const num = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const range = (i: Interval, f: (x: number) => string): string => `${f(i.value)} [${f(i.lower)}, ${f(i.upper)}]`;

/** The calibration report for a terminal: the headline sentence first, then the numbers. */
export function formatCalibration(report: CalibrationReport): string {
  const c = report.confusion;
  const lines: string[] = [];
  lines.push(`Calibration of '${report.grader}' against human labels (${report.n} trials with both)`);
  lines.push(
    report.conclusive
      ? `The judge says ${pct(report.judgePassRate)}, corrected ${pct(report.correctedPassRate.value)} [${pct(report.correctedPassRate.lower)}, ${pct(report.correctedPassRate.upper)}] (over ${report.judgedTrials} judged trials).`
      : `Not conclusive: ${report.warnings[0] ?? 'too few human labels.'}`,
  );
  lines.push('');
  lines.push(`  accuracy             ${pct(report.accuracy)}`);
  lines.push(
    `  kappa (${report.kappa.method === 'cohen' ? "Cohen's" : 'weighted, quadratic'}) ${range(report.kappa, num)}`,
  );
  lines.push(`  sensitivity          ${range(report.sensitivityInterval, pct)}   (judge passes what people pass)`);
  lines.push(`  specificity          ${range(report.specificityInterval, pct)}   (judge fails what people fail)`);
  lines.push(`  judge pass rate      ${range(report.judgePassRateInterval, pct)}`);
  lines.push(`  corrected pass rate  ${range(report.correctedPassRate, pct)}   (Rogan–Gladen)`);
  lines.push(`  human pass rate      ${pct(report.humanPassRate)}   (on the labelled trials)`);
  if (report.krippendorffAlpha) {
    const k = report.krippendorffAlpha;
    lines.push(
      `  Krippendorff's alpha ${num(k.humans)} between ${k.raters} people on ${k.units} trials; ${num(k.humansAndJudge)} with the judge as one more rater`,
    );
  }
  lines.push('');
  lines.push('                 judge pass  judge fail');
  lines.push(`  people pass    ${String(c.truePositive).padStart(10)}  ${String(c.falseNegative).padStart(10)}`);
  lines.push(`  people fail    ${String(c.falsePositive).padStart(10)}  ${String(c.trueNegative).padStart(10)}`);
  if (report.categories) {
    const { labels, matrix } = report.categories;
    lines.push('');
    lines.push(`  by label (rows people, columns judge): ${labels.join(' | ')}`);
    matrix.forEach((row, i) =>
      lines.push(`  ${labels[i].padEnd(12)} ${row.map((v) => String(v).padStart(5)).join('')}`),
    );
  }
  if (report.warnings.length > 0) {
    lines.push('');
    for (const w of report.warnings) lines.push(`  ! ${w}`);
  }
  return lines.join('\n');
}
