import type { Rule } from '../src/core/types.js';
import { promiseOf } from './lib/judge.js';
import { storageSections, storeRegions } from './storage-outside-jurisdiction.js';

const rule: Rule = {
  meta: {
    id: 'unknown-region',
    type: 'repository',
    defaultSeverity: 'warning',
    docs: {
      description: 'Where a store keeps its data cannot be told: its region is not set, cannot be resolved, or is not in the region table.',
      rationale: 'The policy promises where data is stored; a region that cannot be resolved is a gap in that proof, never a silent pass.',
      help: 'Set the region on the resource or its provider with a literal or a variable with a value; for a region missing from rules/regions.yaml, add it with its country.',
    },
  },
  check(ctx) {
    const version = ctx.judged;
    const storage = storageSections(version?.sections);
    if (!version || storage.length === 0) return;
    const { section, name } = storage[0];
    const promise = promiseOf(version, section, [name]);
    // Stores whose region is unknown for one reason at one place (a provider block with no region, a
    // module with no provider) make one finding there, naming how many stores it leaves unproven.
    const unknown = new Map<string, typeof ctx.stores>();
    for (const store of ctx.stores) {
      const j = store.jurisdiction;
      if (j?.status !== 'unknown') continue;
      const at = `${j.location.file}:${j.location.line}:${j.location.column}|${j.reason ?? ''}`;
      unknown.set(at, [...(unknown.get(at) ?? []), store]);
    }
    for (const stores of unknown.values()) {
      const store = stores[0];
      const j = store.jurisdiction!;
      const what = stores.length === 1 ? `${store.kind} ${store.name}` : `${stores.length} stores (${stores.slice(0, 3).map((s) => s.name).join(', ')}${stores.length > 3 ? ', …' : ''})`;
      ctx.report({
        ruleId: 'unknown-region',
        message: `${what}: where ${stores.length === 1 ? 'it stores' : 'they store'} data is unknown (${j.reason ?? 'no region'}), so storage within ${name} cannot be proven.`,
        location: j.location,
        storeId: store.id,
        key: `${store.id}|unknown`,
        promise,
      });
    }
    for (const store of ctx.stores) {
      const j = store.jurisdiction;
      if (!j || j.status === 'unknown') continue;
      for (const { region, countries } of storeRegions(store)) {
        if (countries) continue;
        ctx.report({
          ruleId: 'unknown-region',
          message: `${store.kind} ${store.name}: region "${region}" of ${j.provider ?? 'an unknown provider'} is not in rules/regions.yaml, so storage within ${name} cannot be proven.`,
          location: j.location,
          storeId: store.id,
          key: `${store.id}|${region}`,
          promise,
        });
      }
    }
  },
};
export default rule;
