import type { OnlineResponse } from '../api.js';
import { interval, int, pct, pValue } from '../format.js';

type Mix = NonNullable<NonNullable<OnlineResponse['status']>['segmentMix']>;

/** The eval set's segment mix beside production's: shares with 95% intervals, BH-adjusted flags. */
export function SegmentMixTable({ mix }: { mix: Mix }) {
  return (
    <article class="segment-mix">
      <h2>Eval set vs production mix</h2>
      <p class="muted">
        Eval set {mix.evalSet.eval} (run <span class="mono">{mix.evalSet.runId}</span>, {int(mix.evalSet.cases)} cases)
        beside {int(mix.traces)} sampled production traces, weighted by 1/sampling rate. A segment is flagged when the
        shares differ after Benjamini–Hochberg over the {int(mix.rows.length)} rows (false-discovery rate{' '}
        {pct(mix.level)}).
      </p>
      {mix.warnings.map((w) => (
        <p key={w} class="alert">
          {w}
        </p>
      ))}
      {mix.rows.length === 0 ? (
        <p class="muted">No segment field to compare: type one into “Segment by”.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Segment</th>
                <th>Eval set share</th>
                <th>Production share</th>
                <th>Adjusted p</th>
                <th>Differs</th>
              </tr>
            </thead>
            <tbody>
              {mix.rows.map((r) => (
                <tr key={`${r.field}=${r.value}`} class={r.differs ? 'bad' : ''}>
                  <td>
                    {r.field}={r.value}
                  </td>
                  <td>
                    {pct(r.evalShare.value)} <span class="muted">{interval(r.evalShare)}</span>
                  </td>
                  <td>
                    {pct(r.productionShare.value)} <span class="muted">{interval(r.productionShare)}</span>
                  </td>
                  <td>{pValue(r.q)}</td>
                  <td>{r.differs ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}
