import { createServer, type Server } from 'node:net';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../../core/types.js';
import { runGrader } from '../../run-grader.js';
import { codeGrader } from '../code-grader.js';
import { probeSandbox } from './select-sandbox.js';
import type { SandboxName } from './sandbox.js';

// Every backend present on this machine runs the same attacks; ASSAY_TEST_SANDBOXES=bwrap narrows the set.
const wanted = (process.env.ASSAY_TEST_SANDBOXES ?? 'bwrap,unshare').split(',') as SandboxName[];
const available: SandboxName[] = [];
for (const name of wanted) {
  const reason = await probeSandbox(name);
  if (reason === null) available.push(name);
  else console.warn(`skipped: the ${name} sandbox contract (${reason})`);
}

const ctx = { signal: new AbortController().signal, runId: 'contract', repeat: 0, useCache: false };
const caseOf = (id: string): Case => ({ id, input: '', slice: 'adversarial', metadata: { tests: '' }, weight: 1 });

/** Live processes anywhere on the host whose name (comm) is `marker` (a zombie is dead, only not yet reaped). */
async function processesNamed(marker: string): Promise<number> {
  let count = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if ((await readFile(`/proc/${pid}/comm`, 'utf8')).trim() !== marker) continue;
      const state = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /s, '')[0];
      if (state !== 'Z' && state !== 'X') count++;
    } catch {
      // The process ended while we looked.
    }
  }
  return count;
}

const markerLine = (marker: string) => `open('/proc/self/comm', 'w').write(${JSON.stringify(marker)})\n`;

describe.each(available.length > 0 ? available : (['none-present'] as const))('sandbox contract: %s', (backend) => {
  if (backend === 'none-present') {
    it.skip('no sandbox backend is present on this machine', () => undefined);
    return;
  }
  let dir: string;
  let server: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'assay-contract-'));
    await chmod(dir, 0o777);
    server = createServer((socket) => {
      connections++;
      socket.end('hello');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const grade = async (code: string, timeoutMs = 4000) => {
    const grader = await codeGrader({ type: 'code', language: 'python', sandbox: backend, timeoutMs, memoryMb: 256 });
    return runGrader(grader, caseOf('attack'), { text: code }, ctx);
  };

  it('cannot connect to a port on 127.0.0.1 opened by the test', async () => {
    const score = await grade(
      `import socket\nsocket.create_connection(('127.0.0.1', ${port}), timeout=2)\nprint('connected')`,
    );
    expect(score.pass).toBe(false);
    expect(score.reason).toMatch(/ConnectionRefusedError|OSError|Network is unreachable/);
    expect(connections).toBe(0);
  });

  it('cannot read a file the test wrote outside the sandbox', async () => {
    const secret = join(dir, 'secret.txt');
    await writeFile(secret, 'top-secret-value', { mode: 0o644 });
    const score = await grade(`print(open(${JSON.stringify(secret)}).read())`);
    expect(score.pass).toBe(false);
    expect(score.reason).toMatch(/FileNotFoundError|PermissionError/);
    expect(JSON.stringify(score)).not.toContain('top-secret-value');
  });

  it('cannot see the home folder or the project', async () => {
    const score = await grade(
      `import os\nfor p in [os.path.expanduser('~'), '/root', '/home', ${JSON.stringify(process.cwd())}]:\n` +
        `    assert not os.path.exists(p), p + ' is visible'\n`,
    );
    expect(score.pass, score.reason).toBe(true);
  });

  it('cannot write outside its temporary folder', async () => {
    const target = join(dir, 'pwned.txt');
    const score = await grade(`open(${JSON.stringify(target)}, 'w').write('pwned')`);
    expect(score.pass).toBe(false);
    expect(score.reason).toMatch(/Error/);
    expect(existsSync(target)).toBe(false);
  });

  it('writes only into a private temporary folder, which is gone afterwards', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'assay-contract-tmp-'));
    await chmod(scratch, 0o755);
    const before = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const score = await grade(
        `import os\nopen('out.txt', 'w').write('x')\nassert sorted(os.listdir('.')) == ['main.py', 'out.txt'], os.listdir('.')\n`,
      );
      expect(score.pass, score.reason).toBe(true);
      expect(await readdir(scratch)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it('cannot read an API key from the environment', async () => {
    process.env.OPENAI_API_KEY = 'sk-contract-secret';
    try {
      const score = await grade(`import os\nprint(os.environ['OPENAI_API_KEY'])`);
      expect(score.pass).toBe(false);
      expect(score.reason).toMatch(/KeyError/);
      expect(JSON.stringify(score)).not.toContain('sk-contract-secret');
    } finally {
      delete process.env.OPENAI_API_KEY;
    }
  });

  it('runs as a non-root user', async () => {
    const score = await grade(`import os\nassert os.getuid() != 0 and os.geteuid() != 0, os.getuid()`);
    expect(score.pass, score.reason).toBe(true);
  });

  it('contains a fork bomb, and none of its processes survive', async () => {
    const marker = `bomb${process.pid % 100000}${backend.slice(0, 2)}`;
    const score = await grade(
      `${markerLine(marker)}import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n`,
      3000,
    );
    expect(score.pass).toBe(false);
    expect(score.reason).toMatch(/Timed out|CPU time/);
    expect(await processesNamed(marker)).toBe(0);
  });

  it('cannot allocate 4 GB', async () => {
    const score = await grade(`b = bytearray(4 * 1024 ** 3)\nprint(len(b))`);
    expect(score.pass).toBe(false);
    expect(score.reason).toMatch(/^Memory limit of \d+ MB exceeded: MemoryError/);
  });

  it('stops an infinite loop on the wall clock', async () => {
    const started = performance.now();
    const score = await grade('while True:\n    pass\n', 1500);
    expect(score.pass).toBe(false);
    expect(score.reason).toMatch(/^Timed out after 1500 ms/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('cannot write a 2 GB file', async () => {
    const score = await grade(
      `chunk = b'x' * (1024 * 1024)\nwith open('big.bin', 'wb') as f:\n    for _ in range(2048):\n        f.write(chunk)\n`,
    );
    expect(score.pass).toBe(false);
    expect(score.reason).toMatch(/File size limit of \d+ MB exceeded/);
  });

  it('leaves no background process running after the program exits', async () => {
    const marker = `bg${process.pid % 100000}${backend.slice(0, 2)}`;
    const code =
      `${markerLine(marker)}import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(600)\n    os._exit(0)\n` +
      `print('left a child behind')\n`;
    const score = await grade(code);
    // The program itself did nothing wrong; what matters is that its child died with it.
    expect(score.reason).not.toMatch(/Timed out/);
    expect(await processesNamed(marker)).toBe(0);
  });

  it('reports a sandbox that cannot start as a grader error, not a fail', async () => {
    const grader = await codeGrader({ type: 'code', sandbox: backend, interpreter: '/nonexistent/python3' });
    const score = await runGrader(grader, caseOf('broken'), { text: 'print(1)' }, ctx);
    expect(score.pass).toBeUndefined();
    expect(score.error).toMatch(/sandbox could not start|not found|No such file/);
  });
});
