import type { Rule, Section, Store } from '../src/core/types.js';
import { jurisdictionCountries, resolveRegion } from '../src/jurisdiction/index.js';
import { promiseOf } from './lib/judge.js';

/** The storage sections of the judged version with the countries each allows. */
export function storageSections(sections: Section[] | undefined): Array<{ section: Section; name: string; countries: Set<string> }> {
  const out: Array<{ section: Section; name: string; countries: Set<string> }> = [];
  for (const section of sections ?? []) {
    if (!section.storage) continue;
    const countries = jurisdictionCountries(section.storage.jurisdiction);
    if (countries) out.push({ section, name: section.storage.jurisdiction, countries: new Set(countries) });
  }
  return out;
}

/** The regions a store names (a Pub/Sub storage policy may list several), each with its countries. */
export function storeRegions(store: Store): Array<{ region: string; countries?: string[] }> {
  const j = store.jurisdiction;
  if (!j || j.status !== 'known' || !j.region) return [];
  return j.region
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((region) => ({ region, countries: j.provider ? resolveRegion(j.provider, region)?.countries : undefined }));
}

const rule: Rule = {
  meta: {
    id: 'storage-outside-jurisdiction',
    type: 'repository',
    defaultSeverity: 'error',
    docs: {
      description: 'A store keeps data in a cloud region whose country is outside the jurisdiction the policy promises.',
      rationale: 'The policy tells customers where their data is stored (for example "within the EU": the 27 member states); a bucket, log group or queue elsewhere breaks that promise.',
      help: 'Move the resource to a region inside the jurisdiction (e.g. eu-north-1, europe-north1, swedencentral), or change the policy with a new version and its notice period. Regions and their countries are listed in rules/regions.yaml.',
    },
  },
  check(ctx) {
    const version = ctx.judged;
    const storage = storageSections(version?.sections);
    if (!version || storage.length === 0) return;
    for (const store of ctx.stores) {
      const j = store.jurisdiction;
      if (!j) continue;
      for (const { region, countries } of storeRegions(store)) {
        if (!countries) continue; // unknown-region says so
        for (const { section, name, countries: allowed } of storage) {
          const outside = countries.filter((c) => !allowed.has(c));
          if (outside.length === 0) continue;
          const promise = promiseOf(version, section, [name]);
          const where = outside.length === countries.length ? outside.join(', ') : `possibly ${outside.join(', ')}`;
          ctx.report({
            ruleId: 'storage-outside-jurisdiction',
            message: `${store.kind} ${store.name} is stored in ${j.provider ?? ''} region ${region} (${where}), outside ${name}.`,
            location: j.location,
            storeId: store.id,
            key: `${store.id}|${region}|${name}`,
            promise,
            ...(store.categories[0] ? { category: store.categories[0].id } : {}),
          });
        }
      }
    }
  },
};
export default rule;
