import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

/**
 * A sub-command by name. Its module is imported only when the command runs: `assay --help`
 * and `assay <command> --help` are drawn from the command manifest the build writes
 * (`../command-manifest.ts`), so start-up loads no command module and none of their packages.
 */
export interface CommandEntry {
  readonly name: string;
  readonly load: () => Promise<RegisterCommand>;
}

/** Every `assay` sub-command, in the order of `assay --help`; add one line per new command file. */
export const commands: readonly CommandEntry[] = [
  { name: 'run', load: async () => (await import('./run.js')).registerRunCommand },
  { name: 'runs', load: async () => (await import('./runs.js')).registerRunsCommand },
  { name: 'show', load: async () => (await import('./show.js')).registerShowCommand },
  { name: 'ui', load: async () => (await import('./ui.js')).registerUiCommand },
  { name: 'compare', load: async () => (await import('./compare.js')).registerCompareCommand },
  { name: 'gate', load: async () => (await import('./gate.js')).registerGateCommand },
  { name: 'baseline', load: async () => (await import('./baseline.js')).registerBaselineCommand },
  { name: 'plan', load: async () => (await import('./plan.js')).registerPlanCommand },
  { name: 'dataset', load: async () => (await import('./dataset.js')).registerDatasetCommand },
  { name: 'diagnose', load: async () => (await import('./diagnose.js')).registerDiagnoseCommand },
  { name: 'calibrate', load: async () => (await import('./calibrate.js')).registerCalibrateCommand },
  { name: 'review', load: async () => (await import('./review.js')).registerReviewCommand },
  { name: 'explain', load: async () => (await import('./explain.js')).registerExplainCommand },
  { name: 'redteam', load: async () => (await import('./redteam.js')).registerRedteamCommand },
  { name: 'init', load: async () => (await import('./init.js')).registerInitCommand },
  { name: 'sql', load: async () => (await import('./sql.js')).registerSqlCommand },
  { name: 'export', load: async () => (await import('./export.js')).registerExportCommand },
  { name: 'import', load: async () => (await import('./import.js')).registerImportCommand },
  { name: 'store', load: async () => (await import('./store.js')).registerStoreCommand },
  { name: 'worker', load: async () => (await import('./worker.js')).registerWorkerCommand },
  { name: 'ingest', load: async () => (await import('./ingest.js')).registerIngestCommand },
  { name: 'online', load: async () => (await import('./online.js')).registerOnlineCommand },
];
