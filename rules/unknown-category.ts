import type { Location, Rule } from '../src/core/types.js';
import { categoriesOf } from './lib/judge.js';
import { didYouMean } from '../src/config/suggest.js';

const rule: Rule = {
  meta: {
    id: 'unknown-category',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: '`@category`, `@retention`, `@implements` or a data_category tag names a category (or promise) the policy in force does not have.',
      rationale: 'An annotation that points nowhere proves nothing: the store is then covered by no promise at all.',
      help: 'Use one of the policy\'s section ids (`policyproof rules` and the policy page list them), or add the category to the policy.',
    },
  },
  check(ctx) {
    const version = ctx.judged;
    if (!version) return;
    const cats = categoriesOf(version);
    const known = [...cats.keys()].sort();
    const seen = new Set<string>();
    const report = (id: string, what: string, location: Location) => {
      const k = `${id}|${location.file}:${location.line}:${location.column}`;
      if (seen.has(k)) return;
      seen.add(k);
      ctx.report({
        ruleId: 'unknown-category',
        message: `${what} names category "${id}", which policy version ${version.version} does not have${didYouMean(id, known)} (known: ${known.join(', ')}).`,
        location,
        key: `${id}|${what}`,
      });
    };
    for (const ref of ctx.references) if (!cats.has(ref.id)) report(ref.id, `@${ref.tag}`, ref.location);
    for (const store of ctx.stores) for (const c of store.categories) if (!cats.has(c.id)) report(c.id, c.via === 'annotation' ? '@category' : `a ${c.via}`, c.location);
    for (const impl of ctx.implementations) {
      const entry = cats.get(impl.category);
      if (!entry) report(impl.category, '@implements', impl.location);
      else if (!entry.category.promises.includes(impl.promise as never)) {
        ctx.report({
          ruleId: 'unknown-category',
          message: `@implements ${impl.category}.${impl.promise}: the policy promises no "${impl.promise}" for ${impl.category} (promises: ${entry.category.promises.join(', ') || 'none'}).`,
          location: impl.location,
          category: impl.category,
          key: `${impl.category}.${impl.promise}|${impl.symbol}`,
        });
      }
    }
  },
};
export default rule;
