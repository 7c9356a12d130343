import type { GraderFactory } from '../grader.js';
import { lazyFactory } from '../../core/lazy-factory.js';
import type { CustomModuleGraderOptions } from './custom-grader.js';
import type { ExactGraderOptions } from './exact-grader.js';
import type { IncludesAllGraderOptions } from './includes-all-grader.js';
import type { IncludesAnyGraderOptions } from './includes-any-grader.js';
import type { IncludesGraderOptions } from './includes-grader.js';
import type { JsonFieldEqualsGraderOptions } from './json-field-equals-grader.js';
import type { JsonSchemaGraderOptions } from './json-schema-grader.js';
import type { JsonValidGraderOptions } from './json-valid-grader.js';
import type { LengthGraderOptions } from './length-grader.js';
import type { LevenshteinGraderOptions } from './levenshtein-grader.js';
import type { NumericGraderOptions } from './numeric-grader.js';
import type { RegexGraderOptions } from './regex-grader.js';
import type { StartsWithGraderOptions } from './starts-with-grader.js';
import type { TokenF1GraderOptions } from './token-f1-grader.js';

/**
 * The rule grader types by their YAML `type`. Each factory validates its own options; its module
 * (and a package such as ajv) is imported only when an eval names that type.
 */
export const ruleGraderFactories: { readonly [type: string]: GraderFactory } = {
  exact: lazyFactory(async () => {
    const { exactGrader } = await import('./exact-grader.js');
    return (spec) => exactGrader(spec as ExactGraderOptions);
  }),
  includes: lazyFactory(async () => {
    const { includesGrader } = await import('./includes-grader.js');
    return (spec) => includesGrader(spec as IncludesGraderOptions);
  }),
  'includes-all': lazyFactory(async () => {
    const { includesAllGrader } = await import('./includes-all-grader.js');
    return (spec) => includesAllGrader(spec as IncludesAllGraderOptions);
  }),
  'includes-any': lazyFactory(async () => {
    const { includesAnyGrader } = await import('./includes-any-grader.js');
    return (spec) => includesAnyGrader(spec as IncludesAnyGraderOptions);
  }),
  regex: lazyFactory(async () => {
    const { regexGrader } = await import('./regex-grader.js');
    return (spec) => regexGrader(spec as RegexGraderOptions);
  }),
  'starts-with': lazyFactory(async () => {
    const { startsWithGrader } = await import('./starts-with-grader.js');
    return (spec) => startsWithGrader(spec as StartsWithGraderOptions);
  }),
  'json-valid': lazyFactory(async () => {
    const { jsonValidGrader } = await import('./json-valid-grader.js');
    return (spec) => jsonValidGrader(spec as JsonValidGraderOptions);
  }),
  'json-schema': lazyFactory(async () => {
    const { jsonSchemaGrader } = await import('./json-schema-grader.js');
    return (spec) => jsonSchemaGrader(spec as JsonSchemaGraderOptions);
  }),
  'json-field-equals': lazyFactory(async () => {
    const { jsonFieldEqualsGrader } = await import('./json-field-equals-grader.js');
    return (spec) => jsonFieldEqualsGrader(spec as JsonFieldEqualsGraderOptions);
  }),
  numeric: lazyFactory(async () => {
    const { numericGrader } = await import('./numeric-grader.js');
    return (spec) => numericGrader(spec as NumericGraderOptions);
  }),
  levenshtein: lazyFactory(async () => {
    const { levenshteinGrader } = await import('./levenshtein-grader.js');
    return (spec) => levenshteinGrader(spec as LevenshteinGraderOptions);
  }),
  'token-f1': lazyFactory(async () => {
    const { tokenF1Grader } = await import('./token-f1-grader.js');
    return (spec) => tokenF1Grader(spec as TokenF1GraderOptions);
  }),
  length: lazyFactory(async () => {
    const { lengthGrader } = await import('./length-grader.js');
    return (spec) => lengthGrader(spec as LengthGraderOptions);
  }),
  custom: lazyFactory(async () => {
    const { customModuleGrader } = await import('./custom-grader.js');
    return (spec, env) => customModuleGrader(spec as CustomModuleGraderOptions, env);
  }),
};
