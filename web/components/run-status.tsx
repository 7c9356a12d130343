import type { RunInfo } from '../../src/server/api-types.js';

/**
 * A run's status badge. A run the server judged stale (stored as `running`, its process gone:
 * the rule of `assay runs`) says `stale` and how to carry it on.
 */
export function RunStatus(props: { run: Pick<RunInfo, 'runId' | 'status' | 'stale'> }) {
  const { run } = props;
  if (run.stale) {
    return (
      <span
        class="status stale"
        title={`Stored as running, but its process is gone (no heartbeat). Continue it with: assay run <eval> --resume ${run.runId}`}
      >
        stale
      </span>
    );
  }
  return <span class={`status ${run.status}`}>{run.status}</span>;
}
