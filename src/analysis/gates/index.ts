export { parseGates, safeParseGates, gateLabel } from './parse-gates.js';
export { runGates, type RunGatesOptions } from './run-gates.js';
export { formatGateReport } from './format-gate-report.js';
export { measureGrader, measureRun, type GraderMetrics, type RunMetrics } from './run-metrics.js';
export type { GateCondition, GateKind, GateReport, GateResult, GateRule, GateSegment } from './types.js';
