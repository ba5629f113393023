import { parseDuration } from '../../src/core/duration.js';
import type { Category, LocalizedText, Policy, PolicyIdentity, PolicyVersion, Retention, Section } from '../../src/core/types.js';

/** Builds Policy objects by hand for publish tests: only what a test states, with sane defaults. */

export interface SectionSpec {
  id: string;
  heading?: LocalizedText;
  text: LocalizedText;
  category?: Partial<Omit<Category, 'retention'>> & { retention?: RetentionSpec };
  storage?: { jurisdiction: string };
  notice?: string;
}

export interface RetentionSpec {
  min?: string;
  max?: string;
  default?: string;
  configurable?: boolean;
  until?: string;
  basis?: string;
  source?: string;
}

function retention(spec: RetentionSpec): Retention {
  const r: Retention = {};
  if (spec.min) r.min = parseDuration(spec.min);
  if (spec.max) r.max = parseDuration(spec.max);
  if (spec.default) r.default = parseDuration(spec.default);
  if (spec.configurable !== undefined) r.configurable = spec.configurable;
  if (spec.until) r.until = spec.until;
  if (spec.basis) r.basis = spec.basis;
  if (spec.source) r.source = spec.source;
  return r;
}

export function section(spec: SectionSpec, index = 0): Section {
  const s: Section = { id: spec.id, text: spec.text, index };
  if (spec.heading) s.heading = spec.heading;
  if (spec.category) {
    s.category = {
      holds: spec.category.holds ?? [],
      forbids: spec.category.forbids ?? [],
      promises: spec.category.promises ?? [],
      ...(spec.category.retention ? { retention: retention(spec.category.retention) } : {}),
    };
  }
  if (spec.storage) s.storage = spec.storage;
  if (spec.notice) s.notice = parseDuration(spec.notice);
  return s;
}

export function version(v: string, published: string, sections: SectionSpec[], summary?: LocalizedText): PolicyVersion {
  const file = `policy/versions/${v}.yaml`;
  return {
    version: v,
    published,
    effective: v,
    ...(summary ? { summary } : {}),
    sections: sections.map((s, i) => section(s, i)),
    file,
    locate: () => ({ file, line: 1, column: 1 }),
    raw: '',
  };
}

export function policy(versions: PolicyVersion[], identity: Partial<PolicyIdentity> = {}): Policy {
  const file = 'policy/policy.yaml';
  return {
    dir: 'policy',
    identity: {
      id: 'acme-privacy',
      organization: 'Acme AB',
      title: { sv: 'Integritetspolicy', en: 'Privacy policy' },
      languages: { authoritative: 'sv', translations: ['en'] },
      timezone: 'Europe/Stockholm',
      file,
      locate: () => ({ file, line: 1, column: 1 }),
      ...identity,
    },
    versions: [...versions].sort((a, b) => (a.effective < b.effective ? -1 : 1)),
    translations: [],
    translationsFile: 'policy/translations.lock',
  };
}

/** The sections every test policy starts from: a category, a storage sentence and the updates section. */
export const BASE_SECTIONS: SectionSpec[] = [
  { id: 'introduction', text: { sv: 'Vi värnar om din integritet.', en: 'We care about your privacy.' } },
  {
    id: 'traffic-data',
    heading: { sv: 'Trafikuppgifter', en: 'Traffic data' },
    text: { sv: 'Vi lagrar trafikuppgifter i 60 dagar enligt lag.', en: 'We store traffic data for 60 days as the law requires.' },
    category: { holds: ['ip-address', 'phone-number'], retention: { min: 'P60D', max: 'P60D', basis: 'legal-obligation', source: 'LEK (2022:482)' } },
  },
  {
    id: 'traffic-history',
    heading: { sv: 'Trafikhistorik', en: 'Traffic history' },
    text: { sv: 'Som standard sparas historiken i 90 dagar.', en: 'By default the history is kept for 90 days.' },
    category: { holds: ['message-content'], retention: { default: 'P90D', configurable: true }, promises: ['delete', 'configure', 'disable'] },
  },
  {
    id: 'api-traffic',
    heading: { sv: 'API-trafik', en: 'API traffic' },
    text: { sv: 'Data tas bort efter maximalt 72 timmar.', en: 'Data is deleted after at most 72 hours.' },
    category: { holds: ['phone-number'], retention: { until: 'completion', max: 'PT72H' } },
  },
  { id: 'storage', text: { sv: 'Lagring av data sker inom EU.', en: 'Data is stored within the EU.' }, storage: { jurisdiction: 'EU' } },
  {
    id: 'updates',
    heading: { sv: 'Uppdateringar', en: 'Updates' },
    text: { sv: 'Den nya lydelsen blir gällande 30 dagar efter att den publicerats.', en: 'The new wording takes effect 30 days after it is published.' },
    notice: 'P30D',
  },
];

/** A copy of BASE_SECTIONS with one section's fields replaced. */
export function withSection(id: string, change: Partial<SectionSpec>, sections: SectionSpec[] = BASE_SECTIONS): SectionSpec[] {
  return sections.map((s) => (s.id === id ? { ...s, ...change } : s));
}

/** Two versions: 2018-05-20 and 2026-12-20 (published 2026-11-15, longer traffic data retention). */
export function twoVersions(): Policy {
  return policy([
    version('2018-05-20', '2018-05-10', BASE_SECTIONS),
    version(
      '2026-12-20',
      '2026-11-15',
      withSection('traffic-data', {
        text: { sv: 'Vi lagrar trafikuppgifter i 90 dagar enligt lag.', en: 'We store traffic data for 90 days as the law requires.' },
        category: { holds: ['ip-address', 'phone-number'], retention: { min: 'P90D', max: 'P90D', basis: 'legal-obligation', source: 'LEK (2022:482)' } },
      }),
      { sv: 'Trafikuppgifter sparas i 90 dagar.', en: 'Traffic data is kept for 90 days.' },
    ),
  ]);
}

/** The text a reader sees: tags removed, entities decoded, whitespace collapsed. */
export function visible(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** One page of a built site, or an error that lists the pages there are. */
export function page(files: Map<string, string>, name: string): string {
  const html = files.get(name);
  if (html === undefined) throw new Error(`no ${name}; site has ${[...files.keys()].join(', ')}`);
  return html;
}
