/**
 * Exits once stdout and stderr have flushed. A target module may leave timers or sockets
 * open (a slow call that timed out); the CLI should not wait for them once the run is stored.
 */
export function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
