// The public API of Assay. Everything a user imports comes from here, by name.

export type {
  Case,
  CaseInput,
  CaseMetadata,
  ChatMessage,
  ContentPart,
  ConversationTurn,
  ImagePart,
  MessageContent,
  RunStatus,
  SimulatedUser,
  TextPart,
  ToolDefinition,
  Trajectory,
  TrajectoryMessage,
  TrajectoryStep,
  TrajectoryStopReason,
  Score,
  TargetFingerprint,
  TargetOutput,
  TokenUsage,
  ToolCall,
  Trial,
} from './core/types.js';
export { AssayError, formatError, isAssayError, type Issue } from './core/errors.js';

export { defineEval, type EvalDefinition, type GraderSpec, type TargetSpec } from './config/eval-definition.js';
export { loadEvalFile, type LoadedEval } from './config/load-eval-file.js';
export { resolveEval, type EvalOverrides, type ResolvedEval } from './config/resolve-eval.js';

export { loadDataset } from './datasets/load-dataset.js';
export type { Dataset } from './datasets/dataset.js';

export type { FunctionTargetContext, Target, TargetContext, TargetFunction } from './targets/target.js';
export type { AgentTools } from './targets/function/agent-tools.js';
export { createToolbox, type Toolbox, type ToolHandler, type ToolRunResult } from './targets/tools/toolbox.js';
export { finalAnswerGrader } from './graders/trajectory/final-answer-grader.js';
export { maxStepsGrader } from './graders/trajectory/max-steps-grader.js';
export { noToolGrader } from './graders/trajectory/no-tool-grader.js';
export { toolCalledGrader } from './graders/trajectory/tool-called-grader.js';
export { toolSequenceGrader } from './graders/trajectory/tool-sequence-grader.js';
export type { ChatModel, ChatRequest } from './targets/chat-model.js';
export { createTarget } from './targets/registry.js';
export { functionTarget } from './targets/function/function-target.js';
export { createChatModel } from './targets/create-chat-model.js';
export { createMemoryResponseCache } from './targets/transport/response-cache.js';

export type { Grader, GraderContext, GraderKind, GraderResult } from './graders/grader.js';
export { createGrader, registerGraderType } from './graders/registry.js';

export { runEval, type RunEvalOptions, type RunEvalResult } from './run-eval.js';
export { executeRun, type ExecuteRunResult } from './runner/run-eval.js';
export type { RunEvent } from './runner/run-events.js';

export type { Store } from './store/store.js';
export type { StoredRun, StoredTrial, StoredReview, StoredBaseline } from './store/types.js';
export { openStore, type OpenStoreOptions } from './store/open-store.js';
export { SqliteStore } from './store/sqlite/sqlite-store.js';

export { summarizeRun, summarizeFold } from './analysis/summarize-run.js';
export { readFold, foldTrials } from './analysis/metrics/read-fold.js';
export type { ScoreColumns as CaseFold, GraderScores } from './analysis/metrics/case-fold.js';
export {
  defineMetric,
  registerMetric,
  metricDefinitions,
  type MetricDefinition,
  type MetricValue,
  type MetricContext,
} from './analysis/metrics/registry.js';
export type { Estimate, GraderSummary, RunSummary, SegmentSummary } from './analysis/summary-types.js';
export { compareMatrixRuns, compareMatrix } from './analysis/matrix/compare-matrix.js';
export { compareMatrixById, matrixRuns, runMatrixGates } from './analysis/matrix/matrix-runs.js';
export type { MatrixComparison, MatrixCompareOptions } from './analysis/matrix/types.js';
export { expandMatrix, type MatrixCell, type PromptVariant, type TargetVariant } from './config/matrix.js';
