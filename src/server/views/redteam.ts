import { readRunSummary } from '../../analysis/summarize-run.js';
import type { RunSummary } from '../../analysis/summary-types.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import type { RedteamCell, RedteamResponse } from '../api-types.js';

export interface RedteamQuery {
  readonly eval?: string;
  readonly grader?: string;
  /** Most recent runs to show; default 6. */
  readonly limit?: number;
}

const ALL = 'all attacks';

/** Finished runs with attack cases, with their summaries, newest first. */
async function withAttacks(
  store: Store,
  runs: readonly StoredRun[],
): Promise<{ run: StoredRun; summary: RunSummary }[]> {
  const out: { run: StoredRun; summary: RunSummary }[] = [];
  for (const run of runs) {
    if (run.status === 'running') continue;
    const summary = await readRunSummary(store, run);
    if (summary.redteam) out.push({ run, summary });
  }
  return out;
}

/**
 * Attack success rate per family across the recent runs (releases) of an eval, from the runs'
 * cached summaries: the same figures as `assay show` and the reports.
 */
export async function redteamView(store: Store, query: RedteamQuery): Promise<RedteamResponse> {
  const recent = await withAttacks(store, await store.runs.list({ limit: 200 }));
  const evals = [...new Set(recent.map((x) => x.run.eval))].sort();
  const evalName = query.eval ?? recent[0]?.run.eval ?? '';
  const ofEval =
    query.eval === undefined ? recent : await withAttacks(store, await store.runs.list({ eval: evalName, limit: 50 }));
  const chosen = ofEval
    .filter((x) => x.run.eval === evalName)
    .slice(0, query.limit ?? 6)
    .reverse();
  const graders = [...new Set(chosen.flatMap((x) => x.summary.redteam?.graders ?? []))];
  const grader = query.grader && graders.includes(query.grader) ? query.grader : (graders[0] ?? '');
  const familyNames = [
    ...new Set(chosen.flatMap((x) => x.summary.redteam?.families.map((f) => f.family) ?? [])),
  ].sort();
  const cell = (x: (typeof chosen)[number], family: string): RedteamCell => {
    const r = x.summary.redteam!;
    const group = family === ALL ? { n: r.attacks, asr: r.overall } : r.families.find((f) => f.family === family);
    const m = group?.asr[grader];
    return {
      runId: x.run.runId,
      value: m?.value ?? null,
      lower: m?.lower ?? null,
      upper: m?.upper ?? null,
      n: m?.n ?? group?.n ?? 0,
    };
  };
  const newest = chosen.at(-1)?.summary.redteam;
  return {
    evals,
    eval: evalName,
    graders,
    grader,
    runs: chosen.map((x) => ({
      runId: x.run.runId,
      startedAt: x.run.startedAt,
      target: [x.run.target.kind, x.run.target.model, x.run.target.name].filter(Boolean).map(String).join(' '),
      attacks: x.summary.redteam?.attacks ?? 0,
    })),
    families: [...familyNames, ALL].map((family) => ({ family, cells: chosen.map((x) => cell(x, family)) })),
    worst: (newest?.worst ?? [])
      .filter((w) => w.graders.some((g) => g.grader === grader))
      .map((w) => ({
        caseId: w.caseId,
        family: w.family,
        technique: w.technique,
        graders: w.graders.map((g) => g.grader),
      })),
  };
}
