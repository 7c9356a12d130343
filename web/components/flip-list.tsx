import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { api, type CaseDetailResponse, type CompareResponse } from '../api.js';
import { asText } from '../format.js';
import { useAsync } from '../hooks.js';
import { Link } from './link.js';
import { Pager } from './pager.js';
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
  const both = useAsync(
    () => Promise.all([api.caseDetail(baseline, caseId), api.caseDetail(candidate, caseId)]),
    [baseline, candidate, caseId],
  );
  if (both.error) return <ErrorState error={both.error} />;
  if (!both.data) return <Loading what="outputs" />;
  return (
    <TextDiff
      left={firstOutput(both.data[0])}
      right={firstOutput(both.data[1])}
      leftTitle={`Baseline ${baseline}`}
      rightTitle={`Candidate ${candidate}`}
    />
  );
}

/** Flips per page. */
export const FLIPS_PER_PAGE = 20;

/** The segment a flipped case sits in: its slice and metadata, as `field=value` text. */
function segmentText(f: Flip): string {
  const meta = Object.entries(f.metadata)
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `${k}=${String(v)}`);
  return [f.slice, ...meta].filter(Boolean).join(' · ');
}

/**
 * Flipped cases of one direction as a compact table (case, segment, grader), 20 to a page;
 * click a row for the two outputs side by side.
 */
export function FlipList(props: {
  flips: readonly Flip[];
  baseline: string;
  candidate: string;
  direction: 'regressed' | 'improved';
  empty: string;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  const rows = props.flips.filter((f) => f.direction === props.direction);
  if (rows.length === 0) return <p class="muted flips-empty">{props.empty}</p>;
  return (
    <div class={`flips ${props.direction}`}>
      <div class="table-wrap">
        <table class="flip-table">
          <thead>
            <tr>
              <th />
              <th>Case</th>
              <th>Segment</th>
              <th>Grader</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(offset, offset + FLIPS_PER_PAGE).map((f) => {
              const key = `${f.caseId}\u0000${f.grader}`;
              const isOpen = open === key;
              const toggle = (): void => setOpen(isOpen ? null : key);
              return (
                <Fragment key={key}>
                  <tr class="flip-row" onClick={toggle}>
                    <td class="expand">
                      <button
                        type="button"
                        class="linklike flip-head"
                        aria-expanded={isOpen}
                        aria-label={`${isOpen ? 'Hide' : 'Show'} the outputs of ${f.caseId}`}
                        onClick={(e) => {
                          e.stopPropagation();
                          toggle();
                        }}
                      >
                        {isOpen ? '▾' : '▸'}
                      </button>
                    </td>
                    <td class="mono nowrap">{f.caseId}</td>
                    <td class="clip small" title={segmentText(f)}>
                      {segmentText(f)}
                    </td>
                    <td>
                      <span class="tag">{f.grader}</span>
                    </td>
                  </tr>
                  {isOpen && (
                    <tr class="flip-detail">
                      <td colSpan={4}>
                        <FlipDiff baseline={props.baseline} candidate={props.candidate} caseId={f.caseId} />
                        <Link
                          href={`/runs/${encodeURIComponent(props.candidate)}/cases/${encodeURIComponent(f.caseId)}`}
                        >
                          Open the case →
                        </Link>
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager
        total={rows.length}
        limit={FLIPS_PER_PAGE}
        offset={offset}
        onPage={(o) => {
          setOffset(o);
          setOpen(null);
        }}
      />
    </div>
  );
}
