// CPU time of the Postgres backends that serve given client processes, for bench/queue.ts.
// Other programs on the machine use the same Postgres server, so counting every `postgres`
// process would count their work too. A backend is ours when its client's TCP port
// (pg_stat_activity.client_port) belongs to a socket held by one of our processes. Backends
// close with their connection, so they are sampled while the scenario runs and each keeps the
// last CPU time seen (a closing backend loses at most its last sampling interval).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { loadPg } from '../src/store/postgres/postgres-driver.js';

/** User + system CPU time (ms) of a process from /proc; undefined once it has ended. */
export function processCpuMs(pid: number | string): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Local TCP ports of the sockets the given processes hold open, with the process holding each. */
function localPorts(pids: readonly number[]): Map<number, number> {
  const inodes = new Map<string, number>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // The process has ended.
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[')) inodes.set(target.slice(8, -1), pid);
      } catch {
        // The descriptor closed while we read it.
      }
    }
  }
  const ports = new Map<number, number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const holder = cols.length > 9 ? inodes.get(cols[9]) : undefined;
      if (holder !== undefined) ports.set(parseInt(cols[1].split(':')[1], 16), holder);
    }
  }
  return ports;
}

export interface BackendCpuMeter {
  /** CPU ms of our backends so far (each at its last sample). */
  totalMs(): number;
  /** CPU ms by client process and connection name (`<pid> <application_name>`). */
  byClient(): Map<string, number>;
  stop(): Promise<number>;
  /** CPU ms this meter spent in the calling process (reading /proc), to leave out of that process's figure. */
  ownCpuMs(): number;
}

/** Samples every `intervalMs` the backends serving `pids()` (which may grow as processes start). */
export async function meterBackendCpu(
  connectionString: string,
  pids: () => readonly number[],
  intervalMs = 250,
): Promise<BackendCpuMeter> {
  const { Pool } = await loadPg();
  const pool = new Pool({ connectionString, max: 1 });
  const own = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const start = new Map<number, number>();
  const last = new Map<number, number>();
  const client = new Map<number, string>();
  let baseline = true;
  let ownMicros = 0;
  const metered = <T>(fn: () => T): T => {
    const before = process.cpuUsage();
    try {
      return fn();
    } finally {
      const used = process.cpuUsage(before);
      ownMicros += used.user + used.system;
    }
  };
  const sample = async () => {
    const ports = metered(() => localPorts(pids()));
    const { rows } = await pool.query<{ pid: number; client_port: number | null; application_name: string }>(
      'SELECT pid, client_port, application_name FROM pg_stat_activity WHERE client_port IS NOT NULL',
    );
    metered(() => readRows(ports, rows));
  };
  const readRows = (
    ports: ReadonlyMap<number, number>,
    rows: readonly { pid: number; client_port: number | null; application_name: string }[],
  ) => {
    for (const row of rows) {
      if (row.pid === own || row.client_port === null || !ports.has(row.client_port)) continue;
      const ms = processCpuMs(row.pid);
      if (ms === undefined) continue;
      // Backends alive before the scenario count from here on; those started since, from their start.
      if (!start.has(row.pid)) start.set(row.pid, baseline ? ms : 0);
      last.set(row.pid, ms);
      client.set(row.pid, `${ports.get(row.client_port)} ${row.application_name}`);
    }
  };
  await sample();
  baseline = false;
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample).catch(() => undefined);
  }, intervalMs);
  const totalMs = () => [...last].reduce((sum, [pid, ms]) => sum + ms - (start.get(pid) ?? 0), 0);
  return {
    totalMs,
    ownCpuMs: () => ownMicros / 1000,
    byClient() {
      const by = new Map<string, number>();
      for (const [pid, ms] of last)
        by.set(client.get(pid)!, (by.get(client.get(pid)!) ?? 0) + ms - (start.get(pid) ?? 0));
      return by;
    },
    async stop() {
      clearInterval(timer);
      await sampling;
      await sample().catch(() => undefined);
      await pool.end();
      return totalMs();
    },
  };
}
