import type { Command } from 'commander';
import { AssayError } from '../../core/errors.js';
import { safeTerminalText } from '../../reporters/escape.js';
import { parsePositiveInt, printJson, usingStore, withStoreOption, type StoreOption } from '../shared.js';

interface OnlineOptions extends StoreOption {
  readonly json?: boolean;
  readonly local?: boolean;
  readonly wait?: boolean;
  readonly windows?: number;
  readonly segment?: string[];
}

async function loadOnline(file: string) {
  const { loadEvalFile } = await import('../../config/load-eval-file.js');
  const loaded = await loadEvalFile(file);
  const spec = loaded.definition.online;
  if (!spec) {
    throw new AssayError('EVAL_NOT_ONLINE', `${file} has no online: block.`, {
      hint: 'Add online: { sample: 0.05 } to grade production traces (docs/online.md).',
    });
  }
  return { loaded, spec, name: loaded.definition.name };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '—');

/** `assay online run|status|check <eval>`: grade sampled traces, print rates per window, alarm on a drop. */
export function registerOnlineCommand(program: Command): void {
  const online = program
    .command('online')
    .description('Online evaluation: grade sampled production traces beside the offline evals');
  withStoreOption(
    online
      .command('run <eval>')
      .description('Grade the traces stored since the last run (sampled, and those matching always: rules)'),
  )
    .option('--json', 'print the counts as JSON')
    .option('--local', 'on a Postgres store, grade in this process instead of queueing for `assay worker`')
    .option('--wait', 'with the queue: wait until the workers have graded every queued trace')
    .action(async (file: string, options: OnlineOptions) => {
      const { loaded, spec, name } = await loadOnline(file);
      const { createGraders } = await import('../../graders/registry.js');
      const { runOnlineEval } = await import('../../online/online-run.js');
      const { onlineExecutorFor, ONLINE_QUEUE } = await import('../online-queue.js');
      const graders = () => createGraders(loaded.definition.graders, { baseDir: loaded.baseDir, env: process.env });
      const result = await usingStore(options, async (store) => {
        const executor = await onlineExecutorFor(store, file, graders, { local: options.local });
        const counts = await runOnlineEval({ store, evalName: name, spec, executor });
        if (executor.kind === 'queue' && options.wait) {
          const { waitForJobs } = await import('../../runner/queue/job-queue.js');
          await waitForJobs(store, ONLINE_QUEUE);
        }
        return counts;
      });
      if (options.json) printJson(result);
      else if (result.executor === 'queue')
        process.stdout.write(
          `Read ${result.read} trace record(s): queued ${result.queued} for \`assay worker\` ` +
            `(${result.sampled} sampled, ${result.always} by always-rules); ${result.noOutput} had no output.\n`,
        );
      else
        process.stdout.write(
          `Read ${result.read} trace record(s): graded ${result.sampled} sampled and ${result.always} by always-rules ` +
            `(${result.scores} scores, ${result.graderErrors} grader errors); ${result.noOutput} had no output.\n`,
        );
    });
  for (const name of ['status', 'check'] as const) {
    withStoreOption(
      online
        .command(`${name} <eval>`)
        .description(
          name === 'status'
            ? 'Pass rate per window with 95% intervals, per segment, traffic and feedback'
            : 'Exit 1 when the newest complete window is significantly worse than its trailing baseline',
        ),
    )
      .option('--json', 'print as JSON')
      .option('--windows <n>', 'windows to show (default: the baseline span + 1)', parsePositiveInt('--windows'))
      .option('--segment <field...>', 'metadata fields to report rates by (default: the strata fields)')
      .action(async (file: string, options: OnlineOptions) => {
        const { spec, name: evalName } = await loadOnline(file);
        const { onlineStatus, ALERT_DEFAULTS } = await import('../../analysis/online/online-status.js');
        const { onlineStoreOf } = await import('../../online/online-run.js');
        const { traceStoreOf } = await import('../../online/ingest.js');
        const window = spec.window ?? 'hour';
        const baselineWindows = spec.baselineWindows ?? ALERT_DEFAULTS.baselineWindows;
        const span = (options.windows ?? baselineWindows + 1) * (window === 'hour' ? 3_600_000 : 86_400_000);
        const now = new Date();
        const since = new Date(now.getTime() - span);
        const segmentBy = options.segment ?? [...new Set((spec.strata ?? []).flatMap((s) => Object.keys(s.where)))];
        const status = await usingStore(
          options,
          async (store) =>
            onlineStatus({
              evalName,
              window,
              since,
              now,
              segmentBy,
              alpha: spec.alpha,
              looks: spec.looks,
              baselineWindows,
              scores: await onlineStoreOf(store).list(evalName, since.toISOString()),
              traffic: await traceStoreOf(store).volume(since.toISOString(), window),
            }),
          'read',
        );
        const flagged = status.graders.filter((g) => g.alert?.flagged);
        if (options.json) printJson(status);
        else {
          for (const g of status.graders) {
            process.stdout.write(
              `${safeTerminalText(g.grader, 60)}: ${pct(g.overall.value)} [${pct(g.overall.lower)}, ${pct(g.overall.upper)}] over ${g.overall.n} sampled traces\n`,
            );
            if (name === 'status') {
              for (const w of g.windows.filter((x) => x.graded > 0 || x.always > 0)) {
                process.stdout.write(
                  `  ${w.start}  ${pct(w.passRate.value)} [${pct(w.passRate.lower)}, ${pct(w.passRate.upper)}]  n=${w.graded}${w.always ? `  +${w.always} always` : ''}\n`,
                );
              }
              for (const s of g.segments)
                process.stdout.write(
                  `  ${safeTerminalText(s.field, 40)}=${safeTerminalText(s.value, 40)}: ${pct(s.passRate.value)} [${pct(s.passRate.lower)}, ${pct(s.passRate.upper)}] n=${s.passRate.n}\n`,
                );
            }
            if (g.alert) {
              const a = g.alert;
              process.stdout.write(
                `  ${a.flagged ? 'ALERT' : 'ok'}: window ${a.windowStart} ${a.window.passes}/${a.window.graded} vs baseline ${a.baseline.passes}/${a.baseline.graded}` +
                  ` (one-sided p = ${a.p.toPrecision(3)}, level ${a.level.toPrecision(3)})\n`,
              );
            }
          }
          if (name === 'status') {
            const total = status.traffic.reduce((s, w) => s + w.traces, 0);
            const fb = status.traffic.reduce((s, w) => s + w.feedback, 0);
            const down = status.traffic.reduce((s, w) => s + w.thumbsDown, 0);
            process.stdout.write(
              `Traffic: ${total} trace record(s) in ${status.traffic.length} window(s); feedback ${fb} (${down} thumbs down).\n`,
            );
          }
          if (status.graders.length === 0)
            process.stdout.write(
              `No online scores for ${safeTerminalText(evalName, 60)} yet: run \`assay online run\`.\n`,
            );
        }
        if (name === 'check' && flagged.length > 0) process.exitCode = 1;
      });
  }
}
