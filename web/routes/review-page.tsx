import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type ReviewItem } from '../api.js';
import { Content } from '../components/chat.js';
import { Link } from '../components/link.js';
import { ScoreChips } from '../components/scores.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { asText, int } from '../format.js';
import { href, navigate, useAsync, type Route } from '../hooks.js';

type Decision = { status: 'done' | 'skipped'; label?: 'pass' | 'fail'; score?: number };

/** The human review queue: one pending trial at a time, decided with the keyboard. */
export function ReviewPage({ route }: { route: Route }) {
  const run = route.params.get('run') ?? '';
  const grader = route.params.get('grader') ?? '';
  const queue = useAsync(
    () => api.reviews({ run: run || undefined, grader: grader || undefined, status: 'pending', limit: 20 }),
    [run, grader],
  );
  const [index, setIndex] = useState(0);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [reviewer, setReviewer] = useState(() => sessionStorage.getItem('assay-reviewer') ?? '');
  const comment = useRef<HTMLTextAreaElement>(null);
  const items = queue.data?.items ?? [];
  const item: ReviewItem | undefined = items[Math.min(index, items.length - 1)];
  // Synchronous guards (state updates land a render later): one save at a time, and a case
  // already decided is never decided again while the reloaded queue is on its way.
  const busy = useRef(false);
  const decided = useRef(new Set<string>());

  const decide = async (target: ReviewItem | undefined, d: Decision): Promise<void> => {
    if (!target || busy.current || decided.current.has(reviewKey(target))) return;
    busy.current = true;
    setSaving(true);
    setSaveError(null);
    try {
      const r = target.review;
      await api.saveReview({
        runId: r.runId,
        caseId: r.caseId,
        repeat: r.repeat,
        grader: r.grader,
        status: d.status,
        label: d.label ?? null,
        score: d.score ?? null,
        comment: comment.current?.value || null,
        reviewer: reviewer || null,
      });
      decided.current.add(reviewKey(target));
      if (comment.current) comment.current.value = '';
      setIndex(0);
      queue.reload();
    } catch (error) {
      setSaveError(error);
    } finally {
      busy.current = false;
      setSaving(false);
    }
  };

  // Why a ref: the key listener is registered once, and reads the case on screen now. A listener
  // re-registered after each render kept the previous case until its effect ran, so a key pressed
  // right after the next case appeared was applied to the case before it.
  const latest = useRef({ item, items, decide });
  latest.current = { item, items, decide };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const inField =
        e.target instanceof HTMLTextAreaElement ||
        e.target instanceof HTMLInputElement ||
        e.target instanceof HTMLSelectElement;
      if (inField) {
        if (e.key === 'Escape') (e.target as HTMLElement).blur();
        return;
      }
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const { item: shown, items: list, decide: save } = latest.current;
      const actions: Record<string, () => void> = {
        p: () => void save(shown, { status: 'done', label: 'pass', score: 1 }),
        f: () => void save(shown, { status: 'done', label: 'fail', score: 0 }),
        s: () => void save(shown, { status: 'skipped' }),
        j: () => setIndex((i) => Math.min(i + 1, Math.max(0, list.length - 1))),
        k: () => setIndex((i) => Math.max(0, i - 1)),
        c: () => comment.current?.focus(),
      };
      const action = actions[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const counts = queue.data?.counts;
  const total = counts ? counts.pending + counts.done + counts.skipped : 0;
  const doneShare = total ? (counts!.done + counts!.skipped) / total : 0;
  return (
    <section>
      <h1>Review</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          navigate(href('/review', { run: String(f.get('run') ?? ''), grader: String(f.get('grader') ?? '') }), true);
        }}
      >
        <label class="grow">
          Run <input name="run" defaultValue={run} placeholder="all runs" />
        </label>
        <label>
          Grader <input name="grader" defaultValue={grader} placeholder="all graders" />
        </label>
        <label>
          Reviewer{' '}
          <input
            name="reviewer"
            value={reviewer}
            placeholder="your name"
            onInput={(e) => {
              setReviewer(e.currentTarget.value);
              sessionStorage.setItem('assay-reviewer', e.currentTarget.value);
            }}
          />
        </label>
        <button type="submit">Filter</button>
      </form>
      {counts && total > 0 && (
        <div
          class="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={counts.done + counts.skipped}
        >
          <div class="progress-bar" style={{ width: `${(doneShare * 100).toFixed(1)}%` }} />
          <span class="progress-text">
            {int(counts.done)} reviewed · {int(counts.skipped)} skipped · {int(counts.pending)} pending of {int(total)}
          </span>
        </div>
      )}
      {queue.error ? (
        <ErrorState error={queue.error} retry={queue.reload} />
      ) : !queue.data ? (
        <Loading what="review queue" />
      ) : !item ? (
        total > 0 ? (
          <Empty title="All caught up: nothing pending.">
            Every review{run ? ' of this run' : ''} is done or skipped. New ones appear when a run with a human grader
            (or a judge that asks for review) stores trials.
          </Empty>
        ) : (
          <Empty title="No reviews yet.">
            Reviews are created by human graders and by judges that ask for a person. Add a <code>human</code> grader to
            an eval and run it.
          </Empty>
        )
      ) : (
        <div class="review" data-case={item.review.caseId}>
          <div class="review-head">
            <div>
              <b>
                Case{' '}
                <Link
                  href={`/runs/${encodeURIComponent(item.review.runId)}/cases/${encodeURIComponent(item.review.caseId)}`}
                  class="mono"
                >
                  {item.review.caseId}
                </Link>
              </b>
              <span class="muted">
                {' '}
                · repeat #{item.review.repeat} · grader <b>{item.review.grader}</b> · run{' '}
                <span class="mono">{item.review.runId}</span>
              </span>
            </div>
            <span class="muted">
              {Math.min(index, items.length - 1) + 1} of {int(queue.data.total)} pending
            </span>
          </div>
          <div class="two-col">
            <div>
              <h2>Input</h2>
              <Content value={item.case?.input} empty="Unknown input (dataset not stored)." />
            </div>
            <div>
              <h2>Expected</h2>
              <Content value={item.case?.expected} empty="No expected answer." />
            </div>
          </div>
          <h2>Output</h2>
          {item.trial?.error ? (
            <pre class="text bad">{item.trial.error}</pre>
          ) : (
            <Content
              value={item.trial?.output?.text ?? item.trial?.output?.value ?? item.trial?.output?.messages}
              empty="No output."
            />
          )}
          {item.blind ? (
            <div class="other-scores muted">
              Blind review: the other graders' verdicts are hidden so they cannot sway yours.
            </div>
          ) : (
            item.trial &&
            item.trial.scores.length > 1 && (
              <div class="other-scores">
                Other graders: <ScoreChips scores={item.trial.scores.filter((s) => s.grader !== item.review.grader)} />
              </div>
            )
          )}
          {item.trial?.scores.find((s) => s.grader === item.review.grader)?.reason && (
            <p class="muted">
              Grader note: {asText(item.trial.scores.find((s) => s.grader === item.review.grader)?.reason)}
            </p>
          )}
          <label class="block">
            Comment (c) <textarea ref={comment} rows={2} placeholder="Why? (optional)" />
          </label>
          <div class="review-actions">
            <button
              type="button"
              class="pass"
              disabled={saving}
              onClick={() => void decide(item, { status: 'done', label: 'pass', score: 1 })}
            >
              Pass <kbd>p</kbd>
            </button>
            <button
              type="button"
              class="fail"
              disabled={saving}
              onClick={() => void decide(item, { status: 'done', label: 'fail', score: 0 })}
            >
              Fail <kbd>f</kbd>
            </button>
            <button
              type="button"
              class="secondary"
              disabled={saving}
              onClick={() => void decide(item, { status: 'skipped' })}
            >
              Skip <kbd>s</kbd>
            </button>
            <span class="muted small">
              Next/previous <kbd>j</kbd>/<kbd>k</kbd> · <kbd>Esc</kbd> leaves the comment
            </span>
          </div>
          {saveError !== null && <ErrorState error={saveError} />}
        </div>
      )}
    </section>
  );
}

function reviewKey(item: ReviewItem): string {
  const r = item.review;
  return `${r.runId}\u0000${r.caseId}\u0000${r.repeat}\u0000${r.grader}`;
}
