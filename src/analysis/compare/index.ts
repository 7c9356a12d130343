export { compareRuns, compareTables, type ComparedRun } from './compare-runs.js';
export { buildCaseTable, readCaseTable, type CaseTable } from './case-table.js';
export type {
  CompareOptions,
  Comparison,
  ComparisonWarning,
  Correction,
  FlakyDetail,
  FlipDetail,
  GraderComparison,
  SegmentComparison,
  Verdict,
} from './types.js';
