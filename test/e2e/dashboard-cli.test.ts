import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliArgs, projectRoot, runCli } from '../helpers/run-cli.js';
import { seedDashboardStore } from '../fixtures/dashboard/seed.js';

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGTERM');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts `assay ui` and resolves with its output once it has printed its URL. */
function startUi(args: string[]): Promise<{ child: ChildProcess; stdout: () => string }> {
  const child = spawn(process.execPath, [...cliArgs(), 'ui', ...args], {
    cwd: projectRoot,
    env: { ...process.env, NO_COLOR: '1' },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`assay ui did not start:\n${out}\n${err}`)), 30_000);
    const check = (): void => {
      if (/Press Ctrl-C/.test(out)) {
        clearTimeout(timer);
        resolve({ child, stdout: () => out });
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`assay ui exited with ${code}:\n${out}\n${err}`));
    });
  });
}

async function seededStorePath(): Promise<string> {
  const seeded = await seedDashboardStore();
  await seeded.store.close();
  dirs.push(seeded.dir);
  return join(seeded.dir, 'assay.db');
}

describe('assay ui', () => {
  it('serves the API on 127.0.0.1 and stops cleanly on SIGTERM', async () => {
    const store = await seededStorePath();
    const { child, stdout } = await startUi(['--port', '0', '--store', store]);
    const url = stdout().match(/Assay dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
    expect(url).toBeDefined();
    const res = await fetch(`${url}api/runs`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(3);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('bound to every interface, prints a token and refuses API calls without it', async () => {
    const store = await seededStorePath();
    const { stdout } = await startUi(['--host', '0.0.0.0', '--port', '0', '--store', store]);
    // 0.0.0.0 is no address a browser opens: the printed URL names loopback instead.
    expect(stdout()).not.toContain('http://0.0.0.0');
    const port = stdout().match(/Assay dashboard: http:\/\/127\.0\.0\.1:(\d+)\/\?token=/)?.[1];
    const token = stdout().match(/Access token \(required on every API call\): (\S+)/)?.[1];
    expect(port).toBeDefined();
    expect(token).toMatch(/^[\w-]{40,}$/);
    const refused = await fetch(`http://127.0.0.1:${port}/api/runs`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { hint: string } }).error.hint).toContain('?token=');
    const allowed = await fetch(`http://127.0.0.1:${port}/api/runs`, { headers: { Authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
  });

  it('refuses an empty or weak --token, and a real server keeps its token redirect on its own origin', async () => {
    const store = await seededStorePath();
    const empty = await runCli(['ui', '--host', '0.0.0.0', '--port', '0', '--token', '', '--store', store]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('The access token is empty');
    const weak = await runCli(['ui', '--host', '0.0.0.0', '--port', '0', '--token', 'a', '--store', store]);
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('at least 128 are required');
    const { stdout } = await startUi(['--host', '0.0.0.0', '--port', '0', '--store', store]);
    const port = stdout().match(/127\.0\.0\.1:(\d+)\//)?.[1];
    const token = stdout().match(/Access token \(required on every API call\): (\S+)/)?.[1];
    // A raw request: fetch would normalise `//evil.example/` away before sending it.
    const res = await new Promise<{ status: number; location: string; cookie: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: Number(port), path: `//evil.example/?token=${token}` }, (r) => {
        r.resume();
        resolve({
          status: r.statusCode ?? 0,
          location: String(r.headers.location),
          cookie: String(r.headers['set-cookie']),
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(302);
    expect(res.location).toBe('/evil.example/');
    expect(res.cookie).toMatch(new RegExp(`^assay_token_${port}=`));
  });

  it('says which port is taken and how to pick another', async () => {
    const store = await seededStorePath();
    const { stdout } = await startUi(['--port', '0', '--store', store]);
    const port = stdout().match(/127\.0\.0\.1:(\d+)\//)?.[1] ?? '';
    const r = await runCli(['ui', '--port', port, '--store', store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Could not listen on 127.0.0.1:${port}`);
    expect(r.stderr).toContain('Pick another port with --port');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a bad port as a usage error', async () => {
    const r = await runCli(['ui', '--port', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port must be a whole number from 0 to 65535');
  });
});
