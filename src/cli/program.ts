import { Command, CommanderError } from 'commander';
import { formatError, isAssayError } from '../core/errors.js';
import { safeTerminalBlock } from '../core/terminal-text.js';
import { addStubCommand, readCommandManifest, type CommandManifest } from './command-manifest.js';
import { commands } from './commands/index.js';

/** Thrown by a stand-in command when it is run: parse again with the real command loaded. */
class CommandNeeded {
  constructor(readonly name: string) {}
}

/**
 * Builds the `assay` command tree. Each command lives in `commands/<name>.ts`. With a command
 * manifest (written by the build), only the commands named in `load` import their modules;
 * the others are stand-ins that draw their help from the manifest. Without one (running from
 * source), every module is loaded.
 */
export async function createProgram(
  manifest: CommandManifest | null = null,
  load: ReadonlySet<string> = new Set(),
  { standIns = true }: { readonly standIns?: boolean } = {},
): Promise<Command> {
  const program = new Command('assay')
    .description('Evaluate AI features: run evals, compare runs with error bars, gate releases.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const specs = new Map(manifest?.commands.map((spec) => [spec.name, spec]));
  const real = await Promise.all(
    commands.map((entry) => (specs.has(entry.name) && !load.has(entry.name) ? undefined : entry.load())),
  );
  commands.forEach((entry, i) => {
    const register = real[i];
    if (register) register(program);
    else if (standIns)
      addStubCommand(program, specs.get(entry.name)!, () => {
        throw new CommandNeeded(entry.name);
      });
  });
  return program;
}

/**
 * The command `argv` runs, when that is plain from the manifest: its first word names a command
 * (or an alias) and no help is asked for. Such a run parses once, with only that command's
 * module loaded and no stand-ins for the rest; anything else (help, a typo, `assay help x`) goes
 * through the stand-ins, which render help and usage errors from the manifest.
 */
function commandToRun(manifest: CommandManifest, argv: readonly string[]): string | undefined {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return undefined;
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return undefined;
  const spec = manifest.commands.find((c) => c.name === first || c.aliases.includes(first));
  return spec?.name;
}

/** Exit codes: 0 success, 1 a gate failed, 2 usage or input error, 130 interrupted. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const manifest = readCommandManifest();
    const direct = manifest && commandToRun(manifest, argv);
    if (direct) {
      const program = await createProgram(manifest, new Set([direct]), { standIns: false });
      await program.parseAsync([...argv], { from: 'user' });
      return typeof process.exitCode === 'number' ? process.exitCode : 0;
    }
    try {
      await (await createProgram(manifest)).parseAsync([...argv], { from: 'user' });
    } catch (error) {
      if (!(error instanceof CommandNeeded)) throw error;
      const program = await createProgram(manifest, new Set([error.name]));
      await program.parseAsync([...argv], { from: 'user' });
    }
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
