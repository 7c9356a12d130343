/**
 * Case metadata fields that record where a case came from (a promoted failure, a sampling
 * design) rather than what kind of case it is. They are kept with the case but never become
 * segments of a run or strata of a diagnosis.
 */
export const PROVENANCE_FIELDS: ReadonlySet<string> = new Set([
  'promotedFrom',
  'promotedBecause',
  'failedGraders',
  'failureReason',
  'failedOutput',
  'originalSource',
  /** The `dataset build` stratum a case was drawn from, and that stratum's sampling fraction. */
  'samplingStratum',
  'samplingFraction',
]);

export function isProvenanceField(field: string): boolean {
  return PROVENANCE_FIELDS.has(field);
}
