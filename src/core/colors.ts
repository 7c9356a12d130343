import picocolors from 'picocolors';

/**
 * Colours only for a person at a terminal: on when stdout is a TTY, off in pipes, files and
 * CI logs (unlike picocolors' default, which also turns them on whenever `CI` is set).
 * `NO_COLOR` turns them off and `FORCE_COLOR` on.
 */
export const colorEnabled =
  !('NO_COLOR' in process.env) &&
  ('FORCE_COLOR' in process.env ? process.env.FORCE_COLOR !== '0' : Boolean(process.stdout.isTTY));

export const pc = picocolors.createColors(colorEnabled);
