import type { Command } from 'commander';
import { pc } from '../../core/colors.js';
import { safeTerminalText as safe } from '../../core/terminal-text.js';
import { listTrials } from '../../analysis/metrics/trial-outcomes.js';
import { readRunSummary } from '../../analysis/summarize-run.js';
import { resolveRunRef } from '../../analysis/run-ref.js';
import type { StoredTrial } from '../../store/types.js';
import { displayStatus } from '../../core/run-liveness.js';
import { formatRunSummary } from '../format-summary.js';
import { resumeLine } from '../run-status.js';
import { parsePositiveInt, printJson, readingStore, withStoreOption } from '../shared.js';

interface ShowFlags {
  readonly store?: string;
  readonly json?: boolean;
  readonly cases?: boolean;
  readonly failed?: boolean;
  readonly limit: number;
}

export function registerShowCommand(program: Command): void {
  withStoreOption(
    program
      .command('show')
      .description("print a stored run's summary, or its trials with --cases")
      .argument('<runId>', 'a run id (see `assay runs`), `latest`, or a baseline name')
      .option('--json', 'machine-readable output')
      .option('--cases', 'list the trials instead of the summary')
      .option('--failed', 'with --cases: only failed or errored trials')
      .option('--limit <n>', 'with --cases: at most this many trials', parsePositiveInt('--limit'), 200),
  ).action(async (runId: string, flags: ShowFlags) => {
    await readingStore(flags, async (store) => {
      const run = await resolveRunRef(store, runId, { role: 'run' });
      runId = run.runId;
      if (!flags.cases) {
        // The summary stored when the run finished (recomputed only for a running run or older metrics).
        const summary = await readRunSummary(store, run);
        const status = displayStatus(run);
        if (flags.json) printJson({ ...summary, stale: status === 'stale' });
        else {
          process.stdout.write(`${formatRunSummary(summary, { status })}\n`);
          const resume = resumeLine(run);
          if (resume) process.stdout.write(`${resume}\n`);
        }
        return;
      }
      // Outcomes are decided by analysis with reviews applied, as in the summary.
      const page = async (outcome?: 'fail' | 'error') =>
        (await listTrials(store, run, { outcome, limit: flags.limit })).trials;
      const trials = flags.failed
        ? unique([...(await page('fail')), ...(await page('error'))])
            .sort((a, b) => a.caseId.localeCompare(b.caseId) || a.repeat - b.repeat)
            .slice(0, flags.limit)
        : await page();
      if (flags.json) printJson(trials);
      else
        process.stdout.write(trials.length === 0 ? 'No trials match.\n' : `${trials.map(formatTrial).join('\n\n')}\n`);
    });
  });
}

/** A trial both failed (one grader) and errored (another) is listed once. */
function unique(trials: readonly StoredTrial[]): StoredTrial[] {
  const byKey = new Map<string, StoredTrial>();
  for (const t of trials) byKey.set(`${t.caseId}\u0000${t.repeat}`, t);
  return [...byKey.values()];
}

function formatTrial(t: StoredTrial): string {
  const head = pc.bold(safe(t.caseId)) + (t.repeat > 0 ? ` #${t.repeat}` : '');
  const lines = [head + pc.dim(`  ${safe(t.slice)}  ${Math.round(t.latencyMs)} ms`)];
  if (t.error) lines.push(pc.red(`  error: ${safe(t.error, 300)}`));
  if (t.output) lines.push(`  output: ${safe(t.output.text ?? t.output.value, 160)}`);
  for (const s of t.scores) {
    const mark = s.error ? pc.red('ERR ') : s.pending ? pc.yellow('WAIT') : s.pass ? pc.green('PASS') : pc.red('FAIL');
    const value = Number.isFinite(s.value) ? s.value.toFixed(2) : '—';
    const why = s.error || s.reason ? ` — ${safe(s.error ?? s.reason, 140)}` : '';
    lines.push(`  ${mark} ${safe(s.grader)} ${value}${why}`);
  }
  return lines.join('\n');
}
