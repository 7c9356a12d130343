import { AssayError } from '../core/errors.js';
import { htmlReporter } from './html-reporter.js';
import { jsonReporter } from './json-reporter.js';
import { junitReporter } from './junit-reporter.js';
import { markdownReporter } from './markdown-reporter.js';
import { terminalReporter } from './terminal-reporter.js';
import type { ReporterName } from './reporter-names.js';
import type { Reporter, ReporterFactory, ReporterOptions } from './types.js';

/** Reporters by the name `--reporter` takes. */
export const reporters: Readonly<Record<ReporterName, ReporterFactory>> = Object.freeze({
  terminal: terminalReporter,
  json: jsonReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  html: htmlReporter,
});

/** Creates a reporter by name, or throws a usage error listing the known names. */
export function createReporter(name: string, options: ReporterOptions = {}): Reporter {
  const factory = Object.hasOwn(reporters, name) ? reporters[name as ReporterName] : undefined;
  if (!factory) {
    throw new AssayError('UNKNOWN_REPORTER', `Unknown reporter '${name}'.`, {
      hint: `Use one of: ${Object.keys(reporters).join(', ')}.`,
    });
  }
  return factory(options);
}
