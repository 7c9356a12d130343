import { nearestName } from '../../core/did-you-mean.js';
import { AssayError } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import { plural } from '../logs/log-fields.js';
import type { ProductionProfile } from './production-profile.js';

/**
 * Checks each segment field against the logs. A field no log line has is an input error (the
 * run would be reweighted without it), with the log fields seen, a did-you-mean and `--map`;
 * a field some lines lack is kept, its missing traffic in `<field>=(missing)`, and warned about
 * with the share of traffic affected.
 */
export function matchFields(
  fields: readonly string[],
  logField: (f: string) => string,
  profile: ProductionProfile,
  logs: string,
  cases: readonly Case[],
): string[] {
  const absent = fields.filter((f) => (profile.present.get(logField(f)) ?? 0) === 0);
  if (absent.length > 0) {
    const seen = [...profile.fieldsSeen];
    throw new AssayError(
      'DIAGNOSE_FIELD_UNMATCHED',
      `No line of ${logs} has the segment field${absent.length > 1 ? 's' : ''} ${absent.map((f) => `'${logField(f)}'`).join(', ')}.`,
      {
        issues: absent.map((f) => {
          const guess = sameValues(f, cases, profile) ?? nearestName(logField(f), seen);
          return {
            code: 'unknown_field',
            path: logField(f),
            message: `not in any log line${guess ? `; did you mean '${guess}'? (--map ${f}=${guess})` : ''}`,
          };
        }),
        hint: `Log fields seen: ${seen.slice(0, 30).join(', ') || '(none)'}. Join a renamed field with --map <eval field>=<log field>, or choose the fields with --strata.`,
      },
    );
  }
  const out: string[] = [];
  for (const f of fields) {
    const missing = 1 - (profile.present.get(logField(f)) ?? 0) / profile.lines;
    if (missing > 0) {
      const name = logField(f) === f ? `'${f}'` : `'${f}' (logged as '${logField(f)}')`;
      out.push(
        `Segment field ${name} is missing from ${(missing * 100).toFixed(1)}% of log lines (${plural(Math.round(missing * profile.lines), 'line', 'lines')}): that traffic is in ${f}=(missing), which no eval case represents.`,
      );
    }
  }
  return out;
}

/** The log field whose sampled values share the most with the cases' values of `field` (a renamed field). */
function sameValues(field: string, cases: readonly Case[], profile: ProductionProfile): string | undefined {
  const values = new Set(
    cases
      .map((c) => c.metadata[field])
      .filter((v) => v !== undefined && v !== null)
      .map(String),
  );
  let best: string | undefined;
  let bestShared = 0;
  for (const [name, sample] of profile.valueSamples) {
    const shared = [...values].filter((v) => sample.has(v)).length;
    if (shared > bestShared) {
      best = name;
      bestShared = shared;
    }
  }
  return bestShared >= Math.min(2, values.size) ? best : undefined;
}
