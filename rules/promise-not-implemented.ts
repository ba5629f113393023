import type { Rule } from '../src/core/types.js';
import { categoriesOf, promiseOf } from './lib/judge.js';

const WORDS: Record<string, string[]> = {
  delete: ['delete', 'deleted', 'remove', 'ta bort', 'radera'],
  configure: ['choose', 'configure', 'välja', 'ändra'],
  disable: ['turn off', 'turned off', 'disable', 'switch off', 'switched off', 'stänga av', 'stäng av'],
};

const rule: Rule = {
  meta: {
    id: 'promise-not-implemented',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'The policy promises customers an action on their data (delete, configure, disable) and no function in the code is marked `@implements <category>.<promise>`.',
      rationale: 'A right written in the policy must exist in the product; the annotation ties the promise to the code that keeps it.',
      help: 'Mark the function that implements the promise with a JSDoc tag `@implements <category>.<promise>`, or implement it.',
    },
  },
  check(ctx) {
    const version = ctx.judged;
    if (!version) return;
    const done = new Set(ctx.implementations.map((i) => `${i.category}.${i.promise}`));
    for (const [id, { section, category }] of categoriesOf(version)) {
      // With a shared policy, a promise is the organisation's: only the categories this repository owns.
      if (ctx.options.ownedPromises && !ctx.options.ownedPromises.includes(id)) continue;
      category.promises.forEach((p, j) => {
        if (done.has(`${id}.${p}`)) return;
        const promise = promiseOf(version, section, WORDS[p] ?? [p]);
        ctx.report({
          ruleId: 'promise-not-implemented',
          message: `The policy promises that customers can ${p} their ${section.heading?.en?.toLowerCase() ?? id}, and no function is marked @implements ${id}.${p}.`,
          location: version.locate(['sections', section.index, 'category', 'promises', j]),
          category: id,
          key: `${id}.${p}`,
          promise,
        });
      });
    }
  },
};
export default rule;
