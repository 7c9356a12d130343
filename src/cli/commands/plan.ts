import { InvalidArgumentError, type Command } from 'commander';
import { planFromRates, type RatePlan } from '../../analysis/plan/plan-from-rates.js';
import { planFromRun, type PilotPlan } from '../../analysis/plan/plan-from-run.js';
import { resolveRunRef } from '../../analysis/run-ref.js';
import { AssayError } from '../../core/errors.js';
import { printJson, usingStore, withStoreOption } from '../shared.js';
import { MDE_METHOD_TEXT } from '../../reporters/format.js';

interface PlanFlags {
  readonly store?: string;
  readonly json?: boolean;
  readonly baselineRate?: number;
  readonly delta?: number;
  readonly discordance?: number;
  readonly repeats?: number;
  readonly power: number;
  readonly alpha: number;
  readonly from?: string;
  readonly grader?: string;
  readonly correlation: number;
}

export function registerPlanCommand(program: Command): void {
  withStoreOption(
    program
      .command('plan')
      .description('how many cases (and repeats) a comparison needs to detect a change')
      .option('--baseline-rate <p>', 'expected baseline pass rate, e.g. 0.85', num('--baseline-rate'))
      .option('--delta <points>', 'smallest change worth detecting, in absolute points, e.g. 0.03', num('--delta'))
      .option(
        '--discordance <share>',
        'share of cases whose outcome differs between runs (default: independent outcomes)',
        num('--discordance'),
      )
      .option('--repeats <k>', 'repeats per case', num('--repeats'))
      .option('--power <p>', 'power', num('--power'), 0.8)
      .option('--alpha <a>', 'significance level', num('--alpha'), 0.05)
      .option('--from <run>', 'a pilot run (id, `latest` or baseline name) to estimate the variance components from')
      .option('--grader <name>', 'with --from: plan for this grader only')
      .option(
        '--correlation <r>',
        'with --from: correlation of case scores between the two systems',
        num('--correlation'),
        0.5,
      )
      .option('--json', 'machine-readable output'),
  ).action(async (flags: PlanFlags) => {
    if (flags.delta === undefined) {
      throw new AssayError('PLAN_USAGE', 'plan needs --delta, the smallest change worth detecting.', {
        hint: 'assay plan --baseline-rate 0.85 --delta 0.03, or assay plan --from <runId> --delta 0.03',
      });
    }
    if (flags.from !== undefined) {
      const delta = flags.delta;
      await usingStore(flags, async (store) => {
        const run = await resolveRunRef(store, flags.from!, { role: 'pilot run' });
        const plan = await planFromRun(store, run.runId, {
          delta,
          alpha: flags.alpha,
          power: flags.power,
          correlation: flags.correlation,
          ...(flags.grader && { grader: flags.grader }),
        });
        if (flags.json) printJson(plan);
        else process.stdout.write(formatPilotPlan(plan));
      });
      return;
    }
    if (flags.baselineRate === undefined) {
      throw new AssayError('PLAN_USAGE', 'plan needs --baseline-rate (or --from <pilot run>).', {
        hint: 'assay plan --baseline-rate 0.85 --delta 0.03 [--discordance 0.1]',
      });
    }
    const plan = planFromRates({
      baselineRate: flags.baselineRate,
      delta: flags.delta,
      alpha: flags.alpha,
      power: flags.power,
      ...(flags.discordance !== undefined && { discordance: flags.discordance }),
      ...(flags.repeats !== undefined && { repeats: flags.repeats }),
    });
    if (flags.json) printJson(plan);
    else process.stdout.write(formatRatePlan(plan));
  });
}

function num(flag: string): (value: string) => number {
  return (value) => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x))
      throw new InvalidArgumentError(`${flag} must be a number, got '${value}'.`);
    return x;
  };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function formatRatePlan(p: RatePlan): string {
  const lines = [
    `To detect ${pct(p.baselineRate)} → ${pct(p.candidateRate)} (${p.delta > 0 ? '+' : ''}${(p.delta * 100).toFixed(1)} pts) with ${pct(p.power)} power at α = ${p.alpha}` +
      ' (McNemar mid-p, paired: the test compare decides with):',
    `  cases needed: ${p.casesMidP}  (the mid-p test's exact power there: ${pct(p.midPPower)})`,
    `  the exact (conservative) McNemar test would need ${p.casesExact}`,
    `  normal approximations: ${p.cases} (Connor; exact-test power there ${pct(p.exactPower)}),` +
      ` ${p.casesMiller} (Miller)`,
    `  discordance: ${p.discordance.toFixed(3)}${p.discordanceAssumed ? ' (assumed)' : ''}`,
  ];
  if (p.repeats > 1) lines.push(`  with ${p.repeats} repeats: between ${p.casesIfAllRepeatNoise} and ${p.cases} cases`);
  for (const n of p.notes) lines.push(`Note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function formatPilotPlan(p: PilotPlan): string {
  const lines = [
    `Plan from pilot ${p.runId}: detect ${(p.delta * 100).toFixed(1)} pts with ${pct(p.power)} power at α = ${p.alpha} (case correlation ${p.correlation})`,
  ];
  for (const g of p.graders) {
    lines.push(
      '',
      `${g.grader} (${g.kind}; pilot ${g.pilot.cases} cases × ${g.pilot.repeats} repeats; MDE at pilot size ${pct(g.pilotMde)}, ${MDE_METHOD_TEXT[g.pilotMdeMethod]})`,
    );
    lines.push(
      `  between-case variance ${g.betweenVariance.toFixed(4)}, repeat variance ${g.withinVariance.toFixed(4)}, ω² ${g.omega2.toFixed(4)}`,
    );
    lines.push('  repeats   cases   trials (both runs)');
    for (const o of g.options)
      lines.push(`  ${String(o.repeats).padStart(7)} ${String(o.cases).padStart(7)} ${String(o.trials).padStart(8)}`);
    for (const n of g.notes) lines.push(`  Note: ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
