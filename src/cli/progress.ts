import type { RunCounts, RunEvent } from '../runner/run-events.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const m = Math.floor(seconds / 60);
  return m < 60
    ? `${m}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Shows run progress on stderr: a redrawn bar on a terminal (at most 10 redraws a second),
 * plain lines every 10% (or 10 s) otherwise, so logs stay readable in CI.
 */
export class ProgressDisplay {
  readonly #stream: NodeJS.WriteStream;
  readonly #tty: boolean;
  #lastDraw = 0;
  #lastLine = 0;
  #lastDecile = -1;
  #skipped = 0;

  constructor(stream: NodeJS.WriteStream = process.stderr) {
    this.#stream = stream;
    this.#tty = Boolean(stream.isTTY) && !process.env.CI;
  }

  onEvent = (event: RunEvent): void => {
    if (event.kind === 'run-start') {
      this.#skipped = event.skipped;
      const resumed = event.skipped > 0 ? ` (${event.skipped} already stored, resuming)` : '';
      this.#stream.write(`Run ${event.runId}: ${event.total} trials${resumed}\n`);
      return;
    }
    if (event.kind === 'run-end') {
      if (this.#tty) this.#stream.write('\r\x1b[2K');
      const secs = event.elapsedMs / 1000;
      this.#stream.write(
        `Run ${event.runId} ${event.status}: ${event.done} trials, ${plural(event.errors, 'error')} in ${secs.toFixed(1)}s\n`,
      );
      return;
    }
    const now = performance.now();
    const finished = event.done === event.total;
    const line = this.#line(event);
    if (this.#tty) {
      if (finished || now - this.#lastDraw > 100) {
        this.#lastDraw = now;
        this.#stream.write(`\r\x1b[2K${line}`);
      }
      return;
    }
    const decile = Math.floor((event.done / Math.max(1, event.total)) * 10);
    if (finished || decile > this.#lastDecile || now - this.#lastLine > 10_000) {
      this.#lastDecile = decile;
      this.#lastLine = now;
      this.#stream.write(`${line}\n`);
    }
  };

  #line(e: RunCounts): string {
    const ran = e.done - this.#skipped;
    const rate = ran / Math.max(e.elapsedMs / 1000, 1e-3);
    const eta = (e.total - e.done) / Math.max(rate, 1e-9);
    const width = 24;
    const filled = Math.round((e.done / Math.max(1, e.total)) * width);
    const bar = this.#tty ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ` : '';
    const cost = e.costUsd > 0 ? ` · $${e.costUsd.toFixed(4)}` : '';
    return `${bar}${e.done}/${e.total} · ${rate.toFixed(1)} trials/s · ${plural(e.errors, 'error')}${cost} · ETA ${formatEta(eta)}`;
  }
}
