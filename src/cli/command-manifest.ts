import { readFileSync } from 'node:fs';
import { Argument, Command, Option } from 'commander';
import { commands } from './commands/index.js';

/**
 * What `--help` shows of a command, recorded at build time (`write-command-manifest.ts`) so
 * that `assay --help` and `assay <command> --help` render the full help without importing
 * any command module (and with it better-sqlite3, tsx, zod or hono). Running a command
 * imports its module and parses again with the real definition (`program.ts`).
 */
export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly summary: string;
  readonly aliases: readonly string[];
  readonly usage: string | null;
  readonly hidden: boolean;
  readonly helpGroup: string;
  /** Has an action of its own (a pure container of sub-commands has none). */
  readonly runnable: boolean;
  readonly arguments: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
  readonly helpText: Readonly<Partial<Record<HelpPosition, string>>>;
  readonly commands: readonly CommandSpec[];
}

export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly variadic: boolean;
  readonly defaultValue?: unknown;
  readonly defaultValueDescription?: string;
  readonly argChoices?: readonly string[];
}

export interface OptionSpec {
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: unknown;
  readonly defaultValueDescription?: string;
  readonly presetArg?: unknown;
  readonly envVar?: string;
  readonly hidden: boolean;
  readonly argChoices?: readonly string[];
  readonly helpGroupHeading?: string;
}

export interface CommandManifest {
  readonly version: typeof MANIFEST_VERSION;
  readonly commands: readonly CommandSpec[];
}

const MANIFEST_VERSION = 1;
const HELP_POSITIONS = ['beforeAll', 'before', 'after', 'afterAll'] as const;
type HelpPosition = (typeof HELP_POSITIONS)[number];

/** The file the build writes beside the compiled command modules. */
export const COMMAND_MANIFEST_URL = new URL('./commands/command-manifest.json', import.meta.url);

/** Commander 14 keeps these without public getters; the help round-trip test guards the names. */
interface CommandInternals {
  readonly _actionHandler: unknown;
  readonly _hidden: boolean;
  readonly _usage: string | undefined;
}

/** Records a command (and its sub-commands) as plain data. */
export function describeCommand(command: Command): CommandSpec {
  const internals = command as unknown as CommandInternals;
  return {
    name: command.name(),
    description: command.description(),
    summary: command.summary(),
    aliases: command.aliases(),
    usage: internals._usage ?? null,
    hidden: internals._hidden,
    helpGroup: command.helpGroup(),
    runnable: internals._actionHandler !== null,
    arguments: command.registeredArguments.map((a) => ({
      name: a.name(),
      description: a.description,
      required: a.required,
      variadic: a.variadic,
      ...defined({ defaultValue: json(a.defaultValue), defaultValueDescription: a.defaultValueDescription }),
      ...defined({ argChoices: a.argChoices }),
    })),
    options: command.options.map((o) => ({
      flags: o.flags,
      description: o.description,
      hidden: o.hidden,
      ...defined({ defaultValue: json(o.defaultValue), defaultValueDescription: o.defaultValueDescription }),
      ...defined({ presetArg: json(o.presetArg), envVar: o.envVar, argChoices: o.argChoices }),
      ...defined({ helpGroupHeading: o.helpGroupHeading }),
    })),
    helpText: helpTexts(command),
    commands: command.commands.map(describeCommand),
  };
}

/**
 * Adds a stand-in for `spec` under `parent`: the same name, arguments, options and help, and,
 * where the real command has an action, an action that calls `onRun` (which loads the real
 * command). A runnable stand-in accepts any option or argument, so every usage error comes
 * from the real definition and its parsers.
 */
export function addStubCommand(parent: Command, spec: CommandSpec, onRun: () => never): Command {
  const command = parent.command(spec.name).description(spec.description).summary(spec.summary);
  if (spec.aliases.length > 0) command.aliases([...spec.aliases]);
  if (spec.usage !== null) command.usage(spec.usage);
  if (spec.hidden) (command as unknown as { _hidden: boolean })._hidden = true;
  if (spec.helpGroup) command.helpGroup(spec.helpGroup);
  for (const a of spec.arguments) {
    const term = a.required ? `<${a.name}${a.variadic ? '...' : ''}>` : `[${a.name}${a.variadic ? '...' : ''}]`;
    command.addArgument(Object.assign(new Argument(term, a.description), fields(a)));
  }
  for (const o of spec.options) {
    command.addOption(Object.assign(new Option(o.flags, o.description), fields(o)));
  }
  for (const [position, text] of Object.entries(spec.helpText)) {
    command.addHelpText(position as HelpPosition, text);
  }
  for (const sub of spec.commands) addStubCommand(command, sub, onRun);
  if (spec.runnable) command.allowUnknownOption().allowExcessArguments().action(onRun);
  return command;
}

/**
 * Loads every command module and records the whole tree (the build step). Fails when a module
 * registers another name than the one `commands/index.ts` lists it under.
 */
export async function buildCommandManifest(): Promise<CommandManifest> {
  const specs: CommandSpec[] = [];
  for (const entry of commands) {
    const holder = new Command('assay');
    (await entry.load())(holder);
    const names = holder.commands.map((c) => c.name());
    if (names.length !== 1 || names[0] !== entry.name) {
      throw new Error(
        `commands/index.ts lists '${entry.name}', but its module registers ${names.join(', ') || 'nothing'}.`,
      );
    }
    specs.push(describeCommand(holder.commands[0]));
  }
  return { version: MANIFEST_VERSION, commands: specs };
}

/** The manifest written by the build, or null when there is none (running from source). */
export function readCommandManifest(url: URL = COMMAND_MANIFEST_URL): CommandManifest | null {
  let text: string;
  try {
    text = readFileSync(url, 'utf8');
  } catch (error) {
    // No manifest (running from source, or a build that did not write one): load every module.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const manifest = JSON.parse(text) as CommandManifest;
  return manifest.version === MANIFEST_VERSION ? manifest : null;
}

function helpTexts(command: Command): Partial<Record<HelpPosition, string>> {
  const texts: Partial<Record<HelpPosition, string>> = {};
  for (const position of HELP_POSITIONS) {
    let text = '';
    // Commander's types leave out that a Command is an EventEmitter; addHelpText listens on it.
    (command as unknown as NodeJS.EventEmitter).emit(`${position}Help`, {
      error: false,
      command,
      write: (s: string) => (text += s),
    });
    // addHelpText writes the text with one newline added; adding it back restores the same output.
    if (text) texts[position] = text.endsWith('\n') ? text.slice(0, -1) : text;
  }
  return texts;
}

/** A JSON copy of a default or preset: what the help prints of it survives the round trip. */
function json(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value) ?? 'null') as unknown);
}

function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The fields of a spec that commander reads from an Argument or Option as they are. */
function fields(spec: ArgumentSpec | OptionSpec): Record<string, unknown> {
  const {
    name: _name,
    flags: _flags,
    description: _description,
    required: _r,
    variadic: _v,
    ...rest
  } = spec as ArgumentSpec & OptionSpec;
  return { ...rest, argChoices: rest.argChoices ? [...rest.argChoices] : undefined };
}
