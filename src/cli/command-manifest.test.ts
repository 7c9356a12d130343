import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { addStubCommand, buildCommandManifest, type CommandManifest, type CommandSpec } from './command-manifest.js';
import { commands } from './commands/index.js';

/** The help text `assay <path> --help` prints, from a program built by `register`. */
async function helpOf(register: (program: Command) => void, path: readonly string[]): Promise<string> {
  let out = '';
  const program = new Command('assay')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (out += s), getOutHelpWidth: () => 100 });
  register(program);
  await expect(program.parseAsync([...path, '--help'], { from: 'user' })).rejects.toBeInstanceOf(CommanderError);
  return out;
}

function pathsOf(spec: CommandSpec, prefix: readonly string[] = []): string[][] {
  const path = [...prefix, spec.name];
  return [path, ...spec.commands.flatMap((sub) => pathsOf(sub, path))];
}

describe('the command manifest', () => {
  it('draws the same help as the real commands, for every command and sub-command', async () => {
    // Through JSON, as the build writes it and the CLI reads it.
    const manifest = JSON.parse(JSON.stringify(await buildCommandManifest())) as CommandManifest;
    const real = await Promise.all(commands.map((c) => c.load()));
    const registerReal = (program: Command) => real.forEach((register) => register(program));
    const registerStubs = (program: Command) =>
      manifest.commands.forEach((spec) =>
        addStubCommand(program, spec, () => {
          throw new Error('not run');
        }),
      );
    const paths = manifest.commands.flatMap((spec) => pathsOf(spec));
    expect(paths.length).toBeGreaterThan(commands.length);
    expect(await helpOf(registerStubs, [])).toBe(await helpOf(registerReal, []));
    for (const path of paths) {
      const stub = await helpOf(registerStubs, path);
      expect(stub, path.join(' ')).toBe(await helpOf(registerReal, path));
      expect(stub).toContain(`Usage: assay ${path.join(' ')}`);
    }
    // Loads every command module: slow on a busy machine.
  }, 120_000);

  it('keeps what only help shows: choices, defaults, negations and text after the options', async () => {
    const manifest = await buildCommandManifest();
    const spec = (name: string) => manifest.commands.find((c) => c.name === name)!;
    const run = spec('run');
    expect(run.arguments).toEqual([expect.objectContaining({ name: 'eval-file', required: true })]);
    expect(run.options.find((o) => o.flags === '--no-cache')).toBeDefined();
    expect(run.options.find((o) => o.flags === '--max-error-rate <share>')?.defaultValue).toBe(0.05);
    expect(spec('sql').options.find((o) => o.flags === '--format <format>')?.argChoices).toEqual([
      'table',
      'csv',
      'json',
    ]);
    const promote = spec('dataset').commands.find((c) => c.name === 'promote');
    expect(promote?.helpText.after).toMatch(/\S/);
  });

  it('runs the real command when a stand-in is run, and leaves usage errors to it', async () => {
    const manifest = await buildCommandManifest();
    const program = new Command('assay').exitOverride().configureOutput({ writeErr: () => undefined });
    let ran: string | undefined;
    for (const spec of manifest.commands) {
      addStubCommand(program, spec, () => {
        ran = spec.name;
        throw new Error('load the real command');
      });
    }
    // Any option, even an unknown one, reaches the stand-in's action: only the real parser judges it.
    await expect(
      program.parseAsync(['run', 'x.eval.yaml', '--repeats', 'abc', '--nope'], { from: 'user' }),
    ).rejects.toThrow('load the real command');
    expect(ran).toBe('run');
    // A container of sub-commands stays one: an unknown sub-command fails as it would.
    await expect(program.parseAsync(['dataset', 'bogus'], { from: 'user' })).rejects.toMatchObject({
      code: 'commander.unknownCommand',
    });
  });

  it('fails the build when a module registers another name than its entry', async () => {
    const entry = commands[0];
    const original = entry.load;
    (entry as { load: typeof entry.load }).load = async () => (program) => void program.command('renamed');
    try {
      await expect(buildCommandManifest()).rejects.toThrow(/lists 'run', but its module registers renamed/);
    } finally {
      (entry as { load: typeof entry.load }).load = original;
    }
  });
});
