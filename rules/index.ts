import type { Rule } from '../src/core/types.js';

/** Every rule, one module each. Add a rule by adding its file and one line here. */
export const allRules: Rule[] = [];
