export interface PromptfooAssertion {
  readonly type?: unknown;
  readonly value?: unknown;
  readonly threshold?: unknown;
  readonly [key: string]: unknown;
}

/** A promptfoo assertion as an Assay grader without its per-test value, or why it has no equivalent. */
export type MappedAssertion =
  { readonly grader: GraderBody; readonly valueKey?: 'value' | 'values' | 'expected' } | { readonly unmapped: string };

/** A grader spec without its name. */
export interface GraderBody {
  readonly type: string;
  readonly [option: string]: unknown;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * promptfoo's deterministic assertions that Assay's rule graders do exactly; `valueKey` says
 * which option takes the assertion's `value` (`expected`: the grader reads the case's expected
 * answer itself); values that differ per test move into the case's `expected`.
 */
export function mapAssertion(a: PromptfooAssertion): MappedAssertion {
  const type = String(a.type);
  const negated = type.startsWith('not-');
  const base = negated ? type.slice(4) : type;
  if (negated) {
    if ((base === 'contains' || base === 'icontains') && typeof a.value === 'string') {
      return {
        grader: {
          type: 'regex',
          pattern: escapeRegex(a.value),
          negate: true,
          ...(base === 'icontains' ? { flags: 'i' } : {}),
        },
      };
    }
    if (base === 'regex' && typeof a.value === 'string')
      return { grader: { type: 'regex', pattern: a.value, negate: true } };
    return {
      unmapped: `'${type}' has no Assay equivalent (only not-contains, not-icontains and not-regex map, to regex with negate)`,
    };
  }
  switch (base) {
    case 'equals':
      return { grader: { type: 'exact' }, valueKey: 'value' };
    case 'contains':
      return { grader: { type: 'includes' }, valueKey: 'value' };
    case 'icontains':
      return { grader: { type: 'includes', ignoreCase: true }, valueKey: 'value' };
    case 'contains-any':
      return { grader: { type: 'includes-any' }, valueKey: 'values' };
    case 'icontains-any':
      return { grader: { type: 'includes-any', ignoreCase: true }, valueKey: 'values' };
    case 'contains-all':
      return { grader: { type: 'includes-all' }, valueKey: 'values' };
    case 'icontains-all':
      return { grader: { type: 'includes-all', ignoreCase: true }, valueKey: 'values' };
    case 'starts-with':
      return { grader: { type: 'starts-with' }, valueKey: 'value' };
    case 'regex':
      return typeof a.value === 'string'
        ? { grader: { type: 'regex', pattern: a.value } }
        : { unmapped: "'regex' without a string value" };
    case 'is-json':
    case 'contains-json': {
      const extract = base === 'contains-json' ? { extract: true } : {};
      if (a.value && typeof a.value === 'object')
        return { grader: { type: 'json-schema', schema: a.value, ...extract } };
      if (a.value !== undefined)
        return { unmapped: `'${type}' with a schema given as a file or text; give it inline as an object` };
      return { grader: { type: 'json-valid', ...extract } };
    }
    case 'factuality':
      return { grader: { type: 'judge.factuality' }, valueKey: 'expected' };
    case 'answer-relevance':
      return { grader: { type: 'judge.answerRelevance' } };
    default:
      return { unmapped: `'${type}' has no Assay equivalent; write it as a custom grader (type: custom) or a judge` };
  }
}
