import type { Rule } from '../src/core/types.js';
import backdatedVersion from './backdated-version.js';
import categoryWithoutRetention from './category-without-retention.js';
import durationMismatch from './duration-mismatch.js';
import missingSummary from './missing-summary.js';
import noticeTooShort from './notice-too-short.js';
import publishedVersionChanged from './published-version-changed.js';
import sectionParity from './section-parity.js';
import translationMissing from './translation-missing.js';
import translationStale from './translation-stale.js';
import translationUnconfirmed from './translation-unconfirmed.js';
import versionOrder from './version-order.js';
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
import unknownDataType from './unknown-data-type.js';
import unusedSuppression from './unused-suppression.js';
import storageOutsideJurisdiction from './storage-outside-jurisdiction.js';
import unknownRegion from './unknown-region.js';
import unseenSource from './unseen-source.js';

/** Every rule, one module each. Add a rule by adding its file and one line here. */
export const allRules: Rule[] = [
  // lifecycle: the policy itself
  noticeTooShort,
  publishedVersionChanged,
  backdatedVersion,
  versionOrder,
  translationMissing,
  translationStale,
  translationUnconfirmed,
  sectionParity,
  durationMismatch,
  categoryWithoutRetention,
  missingSummary,
  // repository
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
  unseenSource,
  suppressionExpired,
  unclassifiedPersonalData,
  unknownCategory,
  unknownDataType,
  unusedSuppression,
  storageOutsideJurisdiction,
  unknownRegion,
];
