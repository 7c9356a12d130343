import type { Case, CaseInput, CaseMetadata } from '../../core/types.js';
import { TRACE_ID_FIELDS, firstField, getField, recordMetadata } from '../logs/log-fields.js';
import { redactValue, type PiiCounts } from '../../core/pii/redact-pii.js';
import type { BuildSettings } from './build-options.js';

/** What a case needs of its stratum and of the sampling design. */
export interface CaseDesign {
  readonly values: { readonly [field: string]: string };
  readonly weight: number;
  /** The variance stratum (`<key>` or `<key> (certain)` for texts taken with certainty) and its sampling fraction. */
  readonly designStratum: string;
  readonly fraction: number;
}

/** A sampled log line as a case: trace id as id and source, the stratum and design in metadata. */
export function toCase(
  c: { readonly line: number; readonly data: Readonly<Record<string, unknown>>; readonly input: unknown },
  design: CaseDesign,
  o: BuildSettings,
  label: string,
  usedIds: Set<string>,
  pii: PiiCounts,
): Case {
  const trace = o.idField ? getField(c.data, o.idField) : firstField(c.data, TRACE_ID_FIELDS);
  const traceId = typeof trace === 'string' || typeof trace === 'number' ? String(trace) : undefined;
  let id = traceId ?? `line-${c.line}`;
  if (usedIds.has(id)) id = `${id}-line-${c.line}`;
  usedIds.add(id);
  const metadata = recordMetadata(c.data, new Set([o.inputField, o.idField, o.expectedField]));
  for (const [f, v] of Object.entries(design.values)) metadata[f] = v;
  // The design, for the stratified interval of run summaries (provenance: never a segment).
  metadata.samplingStratum = design.designStratum;
  metadata.samplingFraction = design.fraction;
  let input = c.input as CaseInput;
  let expected = o.expectedField ? getField(c.data, o.expectedField) : undefined;
  if (o.redactPii) {
    input = redactValue(input, pii);
    expected = redactValue(expected, pii);
    for (const [k, v] of Object.entries(metadata))
      if (typeof v === 'string' && k !== 'samplingStratum') metadata[k] = redactValue(v, pii);
  }
  return {
    id,
    input,
    ...(expected !== undefined && { expected }),
    slice: 'typical',
    metadata: metadata as CaseMetadata,
    weight: design.weight,
    source: traceId ?? `${label}:${c.line}`,
  };
}
