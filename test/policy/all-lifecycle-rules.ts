import type { Rule } from '../../src/core/types.js';
import backdated from '../../rules/backdated-version.js';
import categoryWithoutRetention from '../../rules/category-without-retention.js';
import durationMismatch from '../../rules/duration-mismatch.js';
import missingSummary from '../../rules/missing-summary.js';
import noticeTooShort from '../../rules/notice-too-short.js';
import publishedChanged from '../../rules/published-version-changed.js';
import sectionParity from '../../rules/section-parity.js';
import translationMissing from '../../rules/translation-missing.js';
import translationStale from '../../rules/translation-stale.js';
import translationUnconfirmed from '../../rules/translation-unconfirmed.js';
import versionOrder from '../../rules/version-order.js';

/** The lifecycle rules of this room (rules/index.ts lists them with every other rule). */
export const allRulesForTest: Rule[] = [
  noticeTooShort, publishedChanged, backdated, versionOrder, translationMissing, translationStale,
  translationUnconfirmed, sectionParity, durationMismatch, categoryWithoutRetention, missingSummary,
];
