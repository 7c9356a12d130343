import type { GraderFactory } from '../grader.js';
import { customModuleGrader, type CustomModuleGraderOptions } from './custom-grader.js';
import { exactGrader, type ExactGraderOptions } from './exact-grader.js';
import { includesAllGrader, type IncludesAllGraderOptions } from './includes-all-grader.js';
import { includesAnyGrader, type IncludesAnyGraderOptions } from './includes-any-grader.js';
import { includesGrader, type IncludesGraderOptions } from './includes-grader.js';
import { jsonFieldEqualsGrader, type JsonFieldEqualsGraderOptions } from './json-field-equals-grader.js';
import { jsonSchemaGrader, type JsonSchemaGraderOptions } from './json-schema-grader.js';
import { jsonValidGrader, type JsonValidGraderOptions } from './json-valid-grader.js';
import { lengthGrader, type LengthGraderOptions } from './length-grader.js';
import { levenshteinGrader, type LevenshteinGraderOptions } from './levenshtein-grader.js';
import { numericGrader, type NumericGraderOptions } from './numeric-grader.js';
import { regexGrader, type RegexGraderOptions } from './regex-grader.js';
import { startsWithGrader, type StartsWithGraderOptions } from './starts-with-grader.js';
import { tokenF1Grader, type TokenF1GraderOptions } from './token-f1-grader.js';

export { customGrader, customModuleGrader, type CustomGradeFunction, type CustomGradeResult } from './custom-grader.js';
export {
  exactGrader,
  includesAllGrader,
  includesAnyGrader,
  includesGrader,
  jsonFieldEqualsGrader,
  jsonSchemaGrader,
  jsonValidGrader,
  lengthGrader,
  levenshteinGrader,
  numericGrader,
  regexGrader,
  startsWithGrader,
  tokenF1Grader,
};

/** The rule grader types by their YAML `type`. Each factory validates its own options. */
export const ruleGraderFactories: { readonly [type: string]: GraderFactory } = {
  exact: (spec) => exactGrader(spec as ExactGraderOptions),
  includes: (spec) => includesGrader(spec as IncludesGraderOptions),
  'includes-all': (spec) => includesAllGrader(spec as IncludesAllGraderOptions),
  'includes-any': (spec) => includesAnyGrader(spec as IncludesAnyGraderOptions),
  regex: (spec) => regexGrader(spec as RegexGraderOptions),
  'starts-with': (spec) => startsWithGrader(spec as StartsWithGraderOptions),
  'json-valid': (spec) => jsonValidGrader(spec as JsonValidGraderOptions),
  'json-schema': (spec) => jsonSchemaGrader(spec as JsonSchemaGraderOptions),
  'json-field-equals': (spec) => jsonFieldEqualsGrader(spec as JsonFieldEqualsGraderOptions),
  numeric: (spec) => numericGrader(spec as NumericGraderOptions),
  levenshtein: (spec) => levenshteinGrader(spec as LevenshteinGraderOptions),
  'token-f1': (spec) => tokenF1Grader(spec as TokenF1GraderOptions),
  length: (spec) => lengthGrader(spec as LengthGraderOptions),
  custom: (spec, env) => customModuleGrader(spec as CustomModuleGraderOptions, env),
};
