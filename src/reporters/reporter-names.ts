/** The names `--reporter` takes; the registry maps each to its factory (kept apart so checking a name loads no reporter). */
export const REPORTER_NAMES = ['terminal', 'json', 'junit', 'markdown', 'html'] as const;

export type ReporterName = (typeof REPORTER_NAMES)[number];
