import { describe, expect, it } from 'vitest';
import { configError, gradeOutput } from '../rules/test-support.js';
import { commandGrader } from './command-grader.js';

const env = { baseDir: process.cwd(), env: { ...process.env, ASSAY_TEST_SECRET: 'sk-do-not-leak' } };
/** A grader whose program is `node -e <script>`, the script reading the request from stdin. */
const nodeGrader = (script: string, extra: Record<string, unknown> = {}) =>
  commandGrader(
    {
      name: 'prog',
      command: 'node',
      args: ['-e', `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);${script}})`],
      ...extra,
    },
    env,
  );

describe('command grader', () => {
  it('sends the case and the output on stdin and takes value, pass and reason from the last line', async () => {
    const g = nodeGrader(
      "console.log('debug line'); console.log(JSON.stringify({ value: r.output.text === r.case.expected ? 1 : 0.25, reason: 'saw ' + r.case.id }))",
    );
    expect(await gradeOutput(g, 'Paris', { expected: 'Paris' })).toMatchObject({
      grader: 'prog',
      value: 1,
      pass: true,
      reason: 'saw case-1',
    });
    expect(await gradeOutput(g, 'Lyon', { expected: 'Paris' })).toMatchObject({ value: 0.25, pass: false });
    const own = nodeGrader("console.log(JSON.stringify({ value: 0.2, pass: true, label: 'lenient' }))");
    expect(await gradeOutput(own, 'x')).toMatchObject({ value: 0.2, pass: true, label: 'lenient' });
  });

  it('makes a bad reply, a non-zero exit and a timeout an error score with the reason', async () => {
    const notJson = await gradeOutput(nodeGrader("console.log('looks fine to me')"), 'x');
    expect(notJson.error).toMatch(/node did not print a JSON reply on its last line \(got "looks fine to me"\)/);
    const outOfRange = await gradeOutput(nodeGrader('console.log(JSON.stringify({ value: 7 }))'), 'x');
    expect(outOfRange.error).toMatch(/node replied \{"value":7\}: value Too big/);
    const crashed = await gradeOutput(nodeGrader("console.error('Traceback: KeyError'); process.exit(3)"), 'x');
    expect(crashed.error).toMatch(/node exited with code 3: Traceback: KeyError/);
    const slow = await gradeOutput(nodeGrader('setInterval(() => {}, 1000)', { timeoutMs: 300 }), 'x');
    expect(slow.error).toMatch(/node timed out after 300 ms/);
    const missing = await gradeOutput(commandGrader({ command: 'no-such-program-xyz' }, env), 'x');
    expect(missing.error).toMatch(/could not start no-such-program-xyz: spawn no-such-program-xyz ENOENT/);
    for (const s of [notJson, outOfRange, crashed, slow, missing]) expect(s.pass).not.toBe(true);
  });

  it('runs the program with the minimal environment plus what env lists, never the rest', async () => {
    const g = nodeGrader(
      "console.log(JSON.stringify({ value: 1, reason: [process.env.ASSAY_TEST_SECRET ?? 'no secret', process.env.GRADER_MODE, !!process.env.PATH].join(' ') }))",
      { env: { GRADER_MODE: 'strict' } },
    );
    expect((await gradeOutput(g, 'x')).reason).toBe('no secret strict true');
  });

  it('names a bad option', () => {
    expect(configError(() => commandGrader({ command: 'python3 "grade.py' }, env))).toMatchInlineSnapshot(`
      "Grader 'command' is misconfigured.
        command: has an unclosed quote"
    `);
    expect(configError(() => commandGrader({ command: 'x', timeout: 5 } as never, env))).toMatch(
      /timeout: unknown option/,
    );
  });
});
