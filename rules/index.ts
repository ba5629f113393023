import type { Rule } from '../src/core/types.js';
import forbiddenDataType from './forbidden-data-type.js';
import invalidSuppression from './invalid-suppression.js';
import promiseNotImplemented from './promise-not-implemented.js';
import retentionBelowMin from './retention-below-min.js';
import retentionDefaultMismatch from './retention-default-mismatch.js';
import retentionExceedsMax from './retention-exceeds-max.js';
import retentionForever from './retention-forever.js';
import retentionMissing from './retention-missing.js';
import retentionUnknown from './retention-unknown.js';
import sourceError from './source-error.js';
import suppressionExpired from './suppression-expired.js';
import unclassifiedPersonalData from './unclassified-personal-data.js';
import unknownCategory from './unknown-category.js';
import unusedSuppression from './unused-suppression.js';

/** Every rule, one module each. Add a rule by adding its file and one line here. */
export const allRules: Rule[] = [
  forbiddenDataType,
  invalidSuppression,
  promiseNotImplemented,
  retentionBelowMin,
  retentionDefaultMismatch,
  retentionExceedsMax,
  retentionForever,
  retentionMissing,
  retentionUnknown,
  sourceError,
  suppressionExpired,
  unclassifiedPersonalData,
  unknownCategory,
  unusedSuppression,
];
