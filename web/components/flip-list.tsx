import { useState } from 'preact/hooks';
import { api, type CaseDetailResponse, type CompareResponse } from '../api.js';
import { asText } from '../format.js';
import { useAsync } from '../hooks.js';
import { Link } from './link.js';
import { ErrorState, Loading } from './states.js';
import { TextDiff } from './text-diff.js';

type Flip = CompareResponse['comparison']['flips']['details'][number];

function firstOutput(d: CaseDetailResponse): string {
  const t = d.trials[0];
  if (!t) return '(no trial)';
  if (t.error) return `target error: ${t.error}`;
  return asText(t.output?.text ?? t.output?.value ?? t.output?.messages ?? '');
}

function FlipDiff({ baseline, candidate, caseId }: { baseline: string; candidate: string; caseId: string }) {
  const both = useAsync(() => Promise.all([api.caseDetail(baseline, caseId), api.caseDetail(candidate, caseId)]), [baseline, candidate, caseId]);
  if (both.error) return <ErrorState error={both.error} />;
  if (!both.data) return <Loading what="outputs" />;
  return <TextDiff left={firstOutput(both.data[0])} right={firstOutput(both.data[1])} leftTitle={`Baseline ${baseline}`} rightTitle={`Candidate ${candidate}`} />;
}

const SHOWN = 100;

/** Flipped cases of one direction; click a row for the two outputs side by side. */
export function FlipList(props: { flips: readonly Flip[]; baseline: string; candidate: string; direction: 'regressed' | 'improved' }) {
  const [open, setOpen] = useState<string | null>(null);
  const rows = props.flips.filter((f) => f.direction === props.direction);
  if (rows.length === 0) return <p class="muted">No case {props.direction === 'regressed' ? 'went from pass to fail' : 'went from fail to pass'}.</p>;
  return (
    <div class={`flips ${props.direction}`}>
      {rows.slice(0, SHOWN).map((f) => {
        const key = `${f.caseId}\u0000${f.grader}`;
        return (
          <div key={key} class="flip">
            <button type="button" class="flip-head" aria-expanded={open === key} onClick={() => setOpen(open === key ? null : key)}>
              <span class="mono">{f.caseId}</span> <span class="tag">{f.grader}</span> <span class="muted small">{f.slice}</span> <span class="muted">{open === key ? '▾' : '▸'}</span>
            </button>
            {open === key && (
              <div class="flip-body">
                <FlipDiff baseline={props.baseline} candidate={props.candidate} caseId={f.caseId} />
                <Link href={`/runs/${encodeURIComponent(props.candidate)}/cases/${encodeURIComponent(f.caseId)}`}>Open the case →</Link>
              </div>
            )}
          </div>
        );
      })}
      {rows.length > SHOWN && <p class="muted">…and {rows.length - SHOWN} more; use <code>GET /api/compare</code> for the full list.</p>}
    </div>
  );
}
