/**
 * The files `policyproof init` writes: a policy of one's own to start from. Pure text builders, so
 * the same input gives the same bytes. The categories are proposals drawn from what the repository
 * holds, written as comments: which data a category holds is a fact the scan can see; what the
 * policy promises about it (its text, its retention) is the legal owner's to write, so no value is
 * invented.
 */
import type { DataTypeDefinition, Store } from '../core/types.js';
import { cmp } from '../core/compare.js';
import { languageData } from './languages.js';

export interface StarterOptions {
  organization: string;
  authoritative: string;
  translations: string[];
  timezone: string;
  /** the version's date: published = effective = version */
  date: string;
}

export interface Proposal {
  id: string;
  /** personal data types the stores hold, sorted */
  holds: string[];
  stores: Array<Pick<Store, 'kind' | 'name' | 'location'>>;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** A YAML scalar in double quotes (safe for any text). */
const q = (s: string) => JSON.stringify(s);

/**
 * Tables and resources grouped by the personal data they hold (their own and their columns' or
 * properties'): one proposal per distinct set of data types, named after its first store, or after
 * the category an existing `@category` annotation already names.
 */
export function proposeCategories(stores: Store[], dataTypes: DataTypeDefinition[]): Proposal[] {
  const personal = new Set(dataTypes.filter((t) => t.personal).map((t) => t.id));
  const byId = new Map(stores.map((s) => [s.id, s]));
  const topOf = (s: Store): Store => {
    let cur = s;
    for (let i = 0; i < 10 && cur.parent && byId.has(cur.parent); i++) cur = byId.get(cur.parent)!;
    return cur;
  };
  const held = new Map<string, { store: Store; types: Set<string>; claimed: Set<string> }>();
  for (const s of stores) {
    const top = topOf(s);
    const entry = held.get(top.id) ?? { store: top, types: new Set<string>(), claimed: new Set<string>() };
    for (const hit of s.dataTypes) if (personal.has(hit.type)) entry.types.add(hit.type);
    for (const c of s.categories) entry.claimed.add(c.id);
    held.set(top.id, entry);
  }
  const groups = new Map<string, Proposal>();
  const used = new Set<string>();
  const entries = [...held.values()]
    .filter((e) => e.types.size > 0 || e.claimed.size > 0)
    .sort((a, b) => cmp(a.store.location.file, b.store.location.file) || a.store.location.line - b.store.location.line || cmp(a.store.id, b.store.id));
  for (const e of entries) {
    const holds = [...e.types].sort();
    const claimed = [...e.claimed].sort();
    const key = claimed.length ? `claimed:${claimed.join(',')}` : `types:${holds.join(',')}`;
    let p = groups.get(key);
    if (!p) {
      const base = claimed[0] ?? (slug(e.store.name.split('.').pop() ?? e.store.name) || 'data');
      let id = base;
      for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
      used.add(id);
      p = { id, holds: [], stores: [] };
      groups.set(key, p);
    }
    p.holds = [...new Set([...p.holds, ...holds])].sort();
    p.stores.push({ kind: e.store.kind, name: e.store.name, location: e.store.location });
  }
  return [...groups.values()];
}

function localizedBlock(indent: string, languages: string[], value: (lang: string) => string): string[] {
  return languages.map((l) => `${indent}${l}: ${q(value(l))}`);
}

export function policyYaml(o: StarterOptions): string {
  const languages = [o.authoritative, ...o.translations];
  const id = slug(`${o.organization} privacy policy`) || 'privacy-policy';
  return [
    '# yaml-language-server: $schema=../node_modules/policyproof/schemas/policy.schema.json',
    '# The identity of the privacy policy. Every key is described in docs/policy-format.md.',
    `id: ${id}`,
    `organization: ${q(o.organization)}`,
    'title:',
    ...localizedBlock('  ', languages, (l) => languageData(l).policyTitle ?? 'TODO'),
    'languages:',
    `  authoritative: ${o.authoritative}      # the wording that applies`,
    `  translations: [${o.translations.join(', ')}]`,
    `timezone: ${o.timezone}      # the policy's dates are calendar dates here`,
    '',
  ].join('\n');
}

export function versionYaml(o: StarterOptions, proposals: Proposal[]): string {
  const languages = [o.authoritative, ...o.translations];
  const lines = [
    '# yaml-language-server: $schema=../../node_modules/policyproof/schemas/version.schema.json',
    `# The first version of the policy. The file name is the version: its effective date. Texts are`,
    `# written in ${languages.join(' and ')}; ${o.authoritative} is authoritative. "TODO" marks what is still to write.`,
    `version: ${o.date}`,
    `published: ${o.date}`,
    `effective: ${o.date}`,
    'sections:            # the document, in page order',
    '  - id: introduction',
    '    text:',
    ...localizedBlock('      ', languages, () => 'TODO'),
  ];
  if (proposals.length) {
    lines.push(
      '',
      '  # Proposed categories, from what `policyproof init` found in the repository: tables and',
      '  # resources grouped by the personal data they hold. For each one you keep, remove the `#`,',
      '  # write its heading and text, and state how long the data is kept (`retention`, an ISO 8601',
      '  # duration such as P30D, written in the text too) — that is for the policy\'s owner to decide.',
      '  # Then mark the code with `@category <id>` (see the README).',
    );
    for (const p of proposals) {
      lines.push('  #');
      const shown = p.stores.slice(0, 6);
      for (const s of shown) lines.push(`  # found: ${s.kind} ${s.name} (${s.location.file}:${s.location.line})`);
      if (p.stores.length > shown.length) lines.push(`  # found: … and ${p.stores.length - shown.length} more`);
      lines.push(`  # - id: ${p.id}`, '  #   heading:', ...localizedBlock('  #     ', languages, () => 'TODO'), '  #   text:', ...localizedBlock('  #     ', languages, () => 'TODO'), '  #   category:');
      lines.push(p.holds.length ? `  #     holds: [${p.holds.join(', ')}]` : '  #     holds: []        # no data type recognised by name; list what it holds');
      lines.push('  #     retention: {max: P…D}');
    }
    lines.push('');
  }
  lines.push(
    '  - id: updates',
    '    text:',
    ...localizedBlock('      ', languages, () => 'TODO'),
    '    # notice: P30D   # the notice this version promises before a later version takes effect',
    '',
  );
  return lines.join('\n');
}

export function configYaml(policyDir: string): string {
  return [
    '# policyproof configuration: every flag of `policyproof check` has a key here (a flag given on',
    '# the command line wins). See `policyproof check --help`.',
    `policy: ${policyDir}`,
    'fail-on: error',
    '# include: [src/**, db/**]',
    '# exclude: [vendor/**]',
    '# rules:',
    '#   category-without-retention: warning',
    '',
  ].join('\n');
}

/** Actions pinned by commit SHA (a tag can be moved); the comment says which release it is. */
export const PINNED = {
  checkout: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
  uploadSarif: 'github/codeql-action/upload-sarif@8aad20d150bbac5944a9f9d289da16a4b0d87c1e # v4.36.2',
};

/** The workflow: the Action on pull requests and on the default branch, SARIF uploaded when it exists. */
export function workflowYaml(policyDir: string, action: string): string {
  return [
    '# policyproof: checks the repository against the privacy policy in force.',
    '# Every action is pinned by commit SHA; update them with Dependabot or Renovate.',
    'name: policyproof',
    'on:',
    '  pull_request:',
    '  push:',
    '    branches: [main]',
    '',
    'permissions:',
    '  contents: read',
    '  pull-requests: write      # the one PR comment',
    '  security-events: write    # the SARIF upload (code scanning)',
    '',
    'jobs:',
    '  check:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: ${PINNED.checkout}`,
    '        with:',
    '          fetch-depth: 0            # the PR base must be in the clone',
    '      - id: policyproof',
    `        uses: ${action}`,
    '        with:',
    `          policy: ${policyDir}`,
    '          fail-on: error',
    '          sarif-file: policyproof.sarif',
    '      # code scanning must be available: public repositories, or GitHub Advanced Security on private ones',
    "      - if: always() && steps.policyproof.outputs.sarif-file != ''",
    `        uses: ${PINNED.uploadSarif}`,
    '        with:',
    '          sarif_file: ${{ steps.policyproof.outputs.sarif-file }}',
    '          category: policyproof',
    '',
  ].join('\n');
}
