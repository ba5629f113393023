import type { Rule } from '../../src/core/types.js';
import { allRules } from '../../rules/index.js';

/** The lifecycle rules, as rules/index.ts lists them. */
export const allRulesForTest: Rule[] = allRules.filter((r) => r.meta.type === 'lifecycle');
