/**
 * What a program needs to start and find its tools, and nothing secret: API keys and tokens
 * in Assay's own environment reach a program (a command target, a command grader) only when
 * the eval lists them.
 */
export const BASE_PROGRAM_ENV: readonly string[] = [
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'LANG',
  'LANGUAGE',
  'LC_ALL',
  'LC_CTYPE',
  'LC_MESSAGES',
  'TZ',
  'TMPDIR',
  'TMP',
  'TEMP',
  'TERM',
  'SYSTEMROOT',
  'COMSPEC',
  'PATHEXT',
  'WINDIR',
];

/** The minimal environment for a program: the base variables from `env`, then `extra` over them. */
export function minimalProgramEnv(
  env: NodeJS.ProcessEnv,
  extra: { readonly [name: string]: string } = {},
): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    BASE_PROGRAM_ENV.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]),
  );
  return { ...base, ...extra };
}
