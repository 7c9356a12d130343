import { z } from 'zod';
import type { Case, TargetOutput } from '../../core/types.js';
import type { Grader, GraderContext, GraderResult } from '../grader.js';
import { parseGraderOptions } from '../rules/grader-config.js';
import { outputText } from '../rules/output-text.js';
import { ruleSchema } from '../rules/rule-options.js';
import { renderTemplate } from '../template.js';
import { buildProgram, CODE_HARNESSES, type CodeHarness } from './build-program.js';
import { ExecutionPool, sharedExecutionPool } from './execution-pool.js';
import { explainResult } from './explain-failure.js';
import { extractCode } from './extract-code.js';
import { CODE_LANGUAGES, languageRuntime, type CodeLanguage, type LanguageRuntime } from './languages.js';
import { defaultLimits } from './sandbox/limits.js';
import type { Sandbox, SandboxLimits } from './sandbox/sandbox.js';
import { SANDBOX_CHOICES, sandboxOf, selectSandbox, type SandboxChoice } from './sandbox/select-sandbox.js';
import { compileTypeScript } from './compile-typescript.js';

const positiveInt = z.number().int('must be a whole number').positive('must be positive');

const schema = ruleSchema('code', {
  language: z
    .enum(CODE_LANGUAGES as [CodeLanguage, ...CodeLanguage[]])
    .optional()
    .describe("Default: each case's `metadata.language`, else python."),
  harness: z
    .enum(CODE_HARNESSES as [CodeHarness, ...CodeHarness[]])
    .optional()
    .describe('How the tests run against the code (default: by language)'),
  tests: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Where the tests come from (a template such as `{{metadata.tests}}`); default: metadata.tests, else expected.',
    ),
  timeoutMs: positiveInt
    .optional()
    .describe('Time limit of the program in ms; the sandbox kills it and the trial fails'),
  memoryMb: positiveInt
    .min(16, 'must be at least 16')
    .optional()
    .describe('Memory limit of the program in MB (at least 16)'),
  fileSizeMb: positiveInt.optional().describe('Largest file the program may write, in MB'),
  processes: positiveInt.optional().describe('Most processes the program may start'),
  sandbox: z
    .enum(SANDBOX_CHOICES as [SandboxChoice, ...SandboxChoice[]])
    .optional()
    .describe('Sandbox backend (docs/code-graders.md); default: the best available'),
  interpreter: z
    .string()
    .min(1)
    .optional()
    .describe('The interpreter to run (default: the system python3, or the Node running Assay).'),
  concurrency: positiveInt
    .optional()
    .describe('Executions of this grader at once (default: the shared pool, one per core).'),
  passAtK: z
    .array(positiveInt)
    .min(1)
    .optional()
    .describe("pass@k values to report for this grader (each k ≤ the eval's repeats)."),
});

export type CodeGraderOptions = z.input<typeof schema>;

/**
 * Runs the code in a model's answer against the case's tests in a sandbox and passes when the
 * program exits with 0. A fail's reason names the failing assertion or error and quotes the
 * tail of stdout/stderr; timeouts and limits are fails, a sandbox that cannot start is an error.
 *
 * @example
 * const g = await codeGrader({ type: 'code', language: 'python', harness: 'humaneval', timeoutMs: 10000 });
 */
export async function codeGrader(options: CodeGraderOptions): Promise<Grader> {
  const o = parseGraderOptions(schema, options, options?.name ?? 'code');
  const name = o.name ?? 'code';
  const harness = o.harness ?? 'script';
  const memoryMb = o.memoryMb ?? 512;
  const setups = new Map<CodeLanguage, { runtime: LanguageRuntime; limits: SandboxLimits }>();
  const setupOf = (language: CodeLanguage) => {
    let setup = setups.get(language);
    if (setup === undefined) {
      const runtime = languageRuntime(language, memoryMb, o.interpreter);
      const limits = defaultLimits({
        timeoutMs: o.timeoutMs,
        fileSizeMb: o.fileSizeMb,
        processes: o.processes,
        memoryMb: runtime.addressSpaceMb(memoryMb),
      });
      setup = { runtime, limits };
      setups.set(language, setup);
    }
    return setup;
  };
  const choice = o.sandbox ?? 'auto';
  let sandbox: Sandbox;
  if (choice === 'none') {
    process.stderr.write(
      `Warning: code grader '${name}' runs model output WITHOUT a sandbox (sandbox: none): ` +
        'it can read your files, use the network and see your environment.\n',
    );
    sandbox = sandboxOf('none');
  } else {
    sandbox = await selectSandbox(choice);
  }
  const pool = o.concurrency !== undefined ? new ExecutionPool(o.concurrency) : sharedExecutionPool();
  return {
    name,
    kind: 'code',
    ...(o.passAtK !== undefined && { passAtK: o.passAtK }),
    async grade(testCase: Case, output: TargetOutput, ctx: GraderContext): Promise<GraderResult> {
      const language = o.language ?? languageOf(testCase);
      const { runtime, limits } = setupOf(language);
      const code = extractCode(outputText(output), language);
      const source = buildProgram({
        language,
        harness,
        code,
        prompt: promptOf(testCase, harness),
        tests: testsOf(testCase, o.tests, name),
        ...(typeof testCase.metadata.entryPoint === 'string' && { entryPoint: testCase.metadata.entryPoint }),
      });
      const compiled = language === 'typescript' ? await compileTypeScript(source) : { code: source };
      if (compiled.error !== undefined) {
        return { value: 0, pass: false, reason: compiled.error, meta: { sandbox: sandbox.name, stage: 'compile' } };
      }
      const result = await pool.use(() =>
        sandbox.run({
          command: runtime.command,
          files: [{ path: runtime.file, content: compiled.code }],
          limits,
          toolchain: runtime.toolchain,
          signal: ctx.signal,
        }),
      );
      const verdict = explainResult(result, language, limits, compiled.code);
      return {
        value: verdict.pass ? 1 : 0,
        pass: verdict.pass,
        reason: verdict.reason,
        meta: {
          sandbox: sandbox.name,
          exitCode: result.exitCode,
          signal: result.signal,
          timedOut: result.timedOut,
          durationMs: Math.round(result.durationMs),
          stdout: result.stdout,
          stderr: result.stderr,
        },
      };
    },
  };
}

/** A case's own `metadata.language` when the grader names none (a mixed Python/JavaScript set); else Python. */
function languageOf(testCase: Case): CodeLanguage {
  const language = testCase.metadata.language;
  if (language === undefined || language === null) return 'python';
  if ((CODE_LANGUAGES as readonly unknown[]).includes(language)) return language as CodeLanguage;
  const runs = CODE_LANGUAGES.join(', ');
  throw new Error(`case '${testCase.id}' has metadata.language '${String(language)}'; a code grader runs ${runs}`);
}

function promptOf(testCase: Case, harness: CodeHarness): string {
  if (harness === 'script') return '';
  if (typeof testCase.input === 'string') return testCase.input;
  const prompt = (testCase.input as { prompt?: unknown }).prompt;
  if (typeof prompt === 'string') return prompt;
  throw new Error(
    `case '${testCase.id}' has no prompt: with harness humaneval the input must be the prompt text ` +
      '(or { prompt })',
  );
}

function testsOf(testCase: Case, template: string | undefined, graderName: string): string {
  if (template !== undefined) return renderTemplate(template, testCase);
  const fromMetadata = testCase.metadata.tests;
  if (typeof fromMetadata === 'string') return fromMetadata;
  if (typeof testCase.expected === 'string') return testCase.expected;
  throw new Error(
    `case '${testCase.id}' has no tests; put them in metadata.tests or expected, ` +
      `or set "tests" on grader '${graderName}'`,
  );
}
