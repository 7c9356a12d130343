import { safeTerminalBlock } from '../../core/terminal-text.js';
import type { Score } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { UpsertReviewInput } from '../../store/types.js';
import { createKeyReader, type KeyInput } from './key-reader.js';
import { recordReview } from './record-review.js';
import { matchLabel, scoreForLabel } from './review-labels.js';
import type { ReviewTask } from './review-task.js';

export interface ReviewQueueOptions {
  readonly store: Store;
  readonly tasks: readonly ReviewTask[];
  readonly reviewer: string;
  readonly input: KeyInput;
  readonly output: { write(text: string): unknown };
}

export interface ReviewQueueResult {
  readonly reviewed: number;
  readonly skipped: number;
  readonly remaining: number;
  /** Runs with at least one new review, whose summaries need refreshing. */
  readonly runIds: readonly string[];
}

const HELP = 'keys: [p]ass  [f]ail  [1-9] label  [n] score 0–1  [c]omment  [s]kip  [q]uit  [?] help';

/**
 * The keyboard-driven review queue: shows each task (input, expected, output, other graders'
 * scores, progress) and records the reviewer's decision in the store as it is made, so
 * quitting half-way loses nothing. `s` leaves a task pending for later.
 *
 * @example
 * await runReviewQueue({ store, tasks, reviewer: 'ann', input: process.stdin, output: process.stdout });
 */
export async function runReviewQueue(options: ReviewQueueOptions): Promise<ReviewQueueResult> {
  const { store, tasks, output } = options;
  const keys = createKeyReader(options.input);
  const runIds = new Set<string>();
  let reviewed = 0;
  let skipped = 0;
  let index = 0;
  try {
    queue: for (; index < tasks.length; index++) {
      const task = tasks[index];
      output.write(renderTask(task, index, tasks.length));
      let comment: string | null = null;
      for (;;) {
        output.write(`\n${comment === null ? '' : `(comment: ${comment}) `}> `);
        const key = await keys.next();
        if (key === null || key === 'q' || key === '\u0003') {
          output.write('quit\n');
          break queue;
        }
        let decision: Pick<UpsertReviewInput, 'label' | 'score'> | undefined;
        if (key === 'p' || key === 'f') {
          // Why: on a rubric (5..1, good/ok/bad) "pass" is not a label; saving it would be a label the grader never allows.
          const label = matchLabel(key === 'p' ? 'pass' : 'fail', task.labels);
          if (label === undefined) {
            output.write(
              `'${key}' means ${key === 'p' ? 'pass' : 'fail'}, which is not a label here; press 1–${task.labels.length} ` +
                `(${task.labels.join(', ')}).`,
            );
            continue;
          }
          decision = { label, score: scoreForLabel(label, task.labels) };
        } else if (/^[1-9]$/.test(key) && Number(key) <= task.labels.length) {
          const label = task.labels[Number(key) - 1];
          decision = { label, score: scoreForLabel(label, task.labels) };
        } else if (key === 'n') {
          output.write('score 0–1: ');
          const line = await keys.readLine((t) => output.write(t));
          const value = line === null ? Number.NaN : Number(line.trim());
          if (line === null || line.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
            output.write(`\n'${line ?? ''}' is not a score between 0 and 1; nothing saved.`);
            continue;
          }
          decision = { label: null, score: value };
        } else if (key === 'c') {
          output.write('comment: ');
          comment = await keys.readLine((t) => output.write(t));
          continue;
        } else if (key === 's') {
          skipped++;
          output.write('skipped (stays pending)\n');
          continue queue;
        } else if (key === '?') {
          output.write(HELP);
          continue;
        } else {
          if (key.trim() !== '') output.write(`unknown key ${JSON.stringify(key)}; ${HELP}`);
          continue;
        }
        const recorded = await recordReview(store, {
          runId: task.review.runId,
          caseId: task.review.caseId,
          repeat: task.review.repeat,
          grader: task.review.grader,
          status: 'done',
          reviewer: options.reviewer,
          label: decision.label ?? null,
          score: decision.score ?? null,
          comment,
        });
        reviewed++;
        runIds.add(task.review.runId);
        output.write(`saved: ${decision.label ?? `score ${decision.score}`}\n`);
        if (recorded.conflict) output.write(`note: ${recorded.conflict}\n`);
        continue queue;
      }
    }
  } finally {
    keys.close();
  }
  const remaining = tasks.length - reviewed;
  output.write(
    `\nReviewed ${reviewed}, skipped ${skipped}; ${remaining} pending task${remaining === 1 ? '' : 's'} left.\n`,
  );
  return { reviewed, skipped, remaining, runIds: [...runIds] };
}

function block(title: string, body: string): string {
  return `── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}\n${body}\n`;
}

function text(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

function formatScore(s: Score): string {
  const value =
    s.error !== undefined
      ? 'error'
      : s.pending
        ? 'pending'
        : `${Number.isFinite(s.value) ? s.value.toFixed(2) : 'n/a'} ${s.pass ? 'pass' : 'fail'}`;
  return `  ${s.grader.padEnd(20)} ${value}${s.label ? ` (${s.label})` : ''}${s.reason || s.error ? `  ${(s.error ?? s.reason ?? '').replace(/\s+/g, ' ').slice(0, 140)}` : ''}`;
}

/** One task as the reviewer sees it. */
export function renderTask(task: ReviewTask, index: number, total: number): string {
  const r = task.review;
  const out = task.output;
  const lines = [
    `\n[${index + 1}/${total}] run ${r.runId} · case ${r.caseId}${r.repeat > 0 ? ` #${r.repeat}` : ''} · grader ${r.grader}`,
    ...(task.why ? [`why: ${task.why}`] : []),
    ...(task.instructions ? [`instructions: ${task.instructions}`] : []),
    block('input', text(task.testCase?.input)),
    block('expected', text(task.testCase?.expected)),
    block('output', out === null ? '(no output: the target failed)' : text(out.text ?? out.value)),
    ...(out?.context && out.context.length > 0
      ? [block('context', out.context.map((c, i) => `[${i + 1}] ${c}`).join('\n'))]
      : []),
    task.blind
      ? block('other graders', "  (hidden: blind review, so the judges' verdicts cannot sway yours)")
      : block(
          'other graders',
          task.otherScores.length === 0 ? '  (none)' : task.otherScores.map(formatScore).join('\n'),
        ),
    task.labels.length > 2 || task.labels.some((l) => l !== 'pass' && l !== 'fail')
      ? `labels: ${task.labels.map((l, i) => `[${i + 1}] ${l}`).join('  ')}`
      : '',
    HELP,
  ];
  // Case, output and reasons come from users and models: no escape sequence reaches the terminal.
  return safeTerminalBlock(lines.filter((l) => l !== '').join('\n'));
}
