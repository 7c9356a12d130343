import { Command, CommanderError } from 'commander';
import { formatError, isAssayError } from '../core/errors.js';
import { safeTerminalBlock } from '../core/terminal-text.js';
import { commands } from './commands/index.js';

/** Builds the `assay` command tree. Each command lives in `commands/<name>.ts`. */
export function createProgram(): Command {
  const program = new Command('assay')
    .description('Evaluate AI features: run evals, compare runs with error bars, gate releases.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Exit codes: 0 success, 1 a gate failed, 2 usage or input error, 130 interrupted. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (isAssayError(error)) {
      process.stderr.write(`Error: ${safeTerminalBlock(formatError(error))}\n`);
      return 2;
    }
    process.stderr.write(`Unexpected error: ${safeTerminalBlock(formatError(error))}\n`);
    if (process.env.ASSAY_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    return 2;
  }
}
