import type Database from 'better-sqlite3';
import type { Score } from '../../core/types.js';
import { toJson } from '../store-rows.js';
import { dropSqliteFold } from './sqlite-folds.js';
import type { WriteTrialInput } from '../types.js';

const TRIAL_VALUES = `INTO trials (run_id, case_id, repeat, output, error, started_at, latency_ms, cost_usd, input_tokens, output_tokens, cached)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SCORE_COLUMNS = 'run_id, case_id, repeat, grader, ordinal, value, pass, label, reason, meta, error, pending';
const SCORE_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
/** Scores per trial up to which they go in one multi-row statement (one prepared per count). */
const MAX_ROWS = 8;

/**
 * The SQLite trial write path: each batch in one transaction, its statements prepared once per
 * store. A new trial (the common case) is one insert and one insert of all its scores; a trial
 * written again (a resumed or re-leased one) replaces the row and its scores as before.
 */
export function sqliteTrialWriter(db: Database.Database): (trials: readonly WriteTrialInput[]) => void {
  const insertNew = db.prepare(`INSERT OR IGNORE ${TRIAL_VALUES}`);
  const replace = db.prepare(`INSERT OR REPLACE ${TRIAL_VALUES}`);
  const deleteScores = db.prepare('DELETE FROM scores WHERE run_id = ? AND case_id = ? AND repeat = ?');
  const insertScores: Database.Statement[] = [];
  const scoresStatement = (rows: number) =>
    (insertScores[rows] ??= db.prepare(
      `INSERT OR REPLACE INTO scores (${SCORE_COLUMNS}) VALUES ${Array.from({ length: rows }, () => SCORE_ROW).join(', ')}`,
    ));
  const writeScores = (t: WriteTrialInput) => {
    const scores = t.scores;
    for (let from = 0; from < scores.length; from += MAX_ROWS) {
      const rows = Math.min(MAX_ROWS, scores.length - from);
      const params: unknown[] = [];
      for (let i = from; i < from + rows; i++) pushScore(params, t, scores[i], i);
      scoresStatement(rows).run(params);
    }
  };
  return db.transaction((trials: readonly WriteTrialInput[]) => {
    // A run's stored fold no longer matches once a trial of it is written.
    let lastRun: string | undefined;
    for (const t of trials) {
      if (t.runId !== lastRun) dropSqliteFold(db, (lastRun = t.runId));
    }
    for (const t of trials) {
      const usage = t.output?.usage;
      const row = [
        t.runId,
        t.caseId,
        t.repeat,
        toJson(t.output),
        t.error,
        t.startedAt,
        t.latencyMs,
        t.output?.costUsd ?? null,
        usage?.inputTokens ?? null,
        usage?.outputTokens ?? null,
        t.output?.cached ? 1 : 0,
      ];
      // A trial row and its scores are only ever written together: a new row has no scores.
      if (insertNew.run(row).changes === 0) {
        replace.run(row);
        deleteScores.run(t.runId, t.caseId, t.repeat);
      }
      writeScores(t);
    }
  });
}

function pushScore(params: unknown[], t: WriteTrialInput, s: Score, ordinal: number): void {
  params.push(
    t.runId,
    t.caseId,
    t.repeat,
    s.grader,
    ordinal,
    Number.isFinite(s.value) ? s.value : null,
    s.pass === undefined ? null : s.pass ? 1 : 0,
    s.label ?? null,
    s.reason ?? null,
    toJson(s.meta),
    s.error ?? null,
    s.pending ? 1 : 0,
  );
}
