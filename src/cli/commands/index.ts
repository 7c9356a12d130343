import type { Command } from 'commander';
import { registerRunCommand } from './run.js';
import { registerRunsCommand } from './runs.js';
import { registerShowCommand } from './show.js';
import { registerUiCommand } from './ui.js';
import { registerCompareCommand } from './compare.js';
import { registerGateCommand } from './gate.js';
import { registerBaselineCommand } from './baseline.js';
import { registerPlanCommand } from './plan.js';
import { registerDatasetCommand } from './dataset.js';
import { registerDiagnoseCommand } from './diagnose.js';
import { registerCalibrateCommand } from './calibrate.js';
import { registerReviewCommand } from './review.js';
import { registerExplainCommand } from './explain.js';
import { registerRedteamCommand } from './redteam.js';
import { registerInitCommand } from './init.js';
import { registerSqlCommand } from './sql.js';
import { registerExportCommand } from './export.js';
import { registerImportCommand } from './import.js';
import { registerStoreCommand } from './store.js';
import { registerWorkerCommand } from './worker.js';
import { registerIngestCommand } from './ingest.js';
import { registerOnlineCommand } from './online.js';

export type RegisterCommand = (program: Command) => void;

/** Every `assay` sub-command; add one line per new command file. */
export const commands: readonly RegisterCommand[] = [
  registerRunCommand,
  registerRunsCommand,
  registerShowCommand,
  registerUiCommand,
  registerCompareCommand,
  registerGateCommand,
  registerBaselineCommand,
  registerPlanCommand,
  registerDatasetCommand,
  registerDiagnoseCommand,
  registerCalibrateCommand,
  registerReviewCommand,
  registerExplainCommand,
  registerRedteamCommand,
  registerInitCommand,
  registerSqlCommand,
  registerExportCommand,
  registerImportCommand,
  registerStoreCommand,
  registerWorkerCommand,
  registerIngestCommand,
  registerOnlineCommand,
];
