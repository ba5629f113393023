/**
 * docs/policy-format.md, generated from the shipped JSON Schemas (schemas/*.json): every key of
 * policy.yaml, a version file and a language data file, with its type, whether it is required and
 * what it means, then the walk-through (docs/first-policy.md, which a test runs as written).
 * `npm run docs` writes it; a test checks it is fresh.
 */

interface Schema {
  title?: string;
  description?: string;
  type?: string;
  $ref?: string;
  enum?: unknown[];
  pattern?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  required?: string[];
  definitions?: Record<string, Schema>;
}

const EXAMPLES: Record<string, string> = {
  'policy.yaml': [
    'id: privacy-policy',
    'organization: Webshop ApS',
    'title: {da: Privatlivspolitik, en: Privacy policy}',
    'languages: {authoritative: da, translations: [en]}',
    'pages: {da: https://example.dk/privatliv, en: https://example.dk/en/privacy}',
    'timezone: Europe/Copenhagen',
    'data-types:',
    '  - id: loyalty-number',
    '    name: {en: Loyalty card number, da: Kundekortnummer}',
    '    patterns: [loyalty number, kundekortnummer]',
  ].join('\n'),
  version: [
    'version: 2026-03-01',
    'published: 2026-01-15',
    'effective: 2026-03-01',
    'summary: {da: Vi gemmer ordrer kortere., en: We keep orders for less time.}',
    'sections:',
    '  - id: orders',
    '    heading: {da: Ordrer, en: Orders}',
    '    text:',
    '      da: Vi gemmer dine ordrer i 30 dage.',
    '      en: We keep your orders for 30 days.',
    '    category:',
    '      holds: [name, postal-address]',
    '      forbids: [card-number]',
    '      retention: {max: P30D, basis: contract}',
    '      promises: [delete]',
    '  - id: storage',
    '    text: {da: Data opbevares i EU., en: Data is stored in the EU.}',
    '    storage: {jurisdiction: EU}',
    '  - id: updates',
    '    text: {da: Ændringer varsles 30 dage før., en: Changes are announced 30 days ahead.}',
    '    notice: P30D',
  ].join('\n'),
};

function resolve(root: Schema, s: Schema): Schema {
  if (!s.$ref) return s;
  const name = s.$ref.replace('#/definitions/', '');
  return { ...root.definitions?.[name], ...s, $ref: undefined, description: s.description ?? root.definitions?.[name]?.description };
}

function typeOf(root: Schema, raw: Schema): string {
  const s = resolve(root, raw);
  const ref = raw.$ref?.replace('#/definitions/', '');
  if (ref === 'localized') return 'text per language';
  if (ref === 'duration') return 'ISO 8601 duration';
  if (ref === 'date') return 'date YYYY-MM-DD';
  if (ref === 'lang') return 'language tag';
  if (ref === 'id') return 'id';
  if (s.enum) return `one of ${s.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (s.type === 'array') return `list of ${s.items ? typeOf(root, s.items).replace(/^one of/, 'items, one of') : 'values'}`;
  if (s.type === 'object') return 'mapping';
  return s.type ?? 'value';
}

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (s: string) => html(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The rows of one mapping: `key.path | type | required | meaning`, nested mappings and list items flattened. */
function rows(root: Schema, s: Schema, prefix: string, out: string[], depth = 0): void {
  const node = resolve(root, s);
  const required = new Set(node.required ?? []);
  for (const [key, raw] of Object.entries(node.properties ?? {})) {
    const child = resolve(root, raw);
    const name = `${prefix}${key}`;
    out.push(`| \`${name}\` | ${typeOf(root, raw)} | ${required.has(key) ? 'yes' : ''} | ${cell(child.description ?? '')} |`);
    if (depth > 4) continue;
    if (child.type === 'object' && child.properties) rows(root, child, `${name}.`, out, depth + 1);
    if (child.type === 'array' && child.items) {
      const item = resolve(root, child.items);
      if (item.type === 'object' && item.properties) rows(root, item, `${name}[].`, out, depth + 1);
    }
  }
}

function reference(file: string, schema: Schema, example?: string): string[] {
  const out = [`## ${file}`, '', html(schema.description ?? ''), '', '| key | type | required | meaning |', '|---|---|---|---|'];
  rows(schema, schema, '', out);
  out.push('');
  const defs = schema.definitions ?? {};
  const notes: string[] = [];
  if (defs.localized) notes.push(`- **text per language**: ${html(defs.localized.description ?? '')}`);
  if (defs.duration) notes.push(`- **ISO 8601 duration**: ${html(defs.duration.description ?? '')}`);
  if (defs.date) notes.push(`- **date**: ${html(defs.date.description ?? '')}`);
  if (defs.lang) notes.push(`- **language tag**: ${html(defs.lang.description ?? '')}`);
  if (notes.length) out.push(...notes, '');
  if (example) out.push('Example:', '', '```yaml', example, '```', '');
  return out;
}

/** The whole page: header, the reference of each schema, then the walk-through. */
export function renderPolicyFormat(schemas: { policy: Schema; version: Schema; language: Schema }, walkthrough: string): string {
  const out = [
    '# The policy format',
    '',
    '<!-- Generated from schemas/*.json and docs/first-policy.md by `npm run docs`; edit those, not this file. -->',
    '',
    'A policy is a folder (`policy/` by default) holding `policy.yaml` (who publishes it, its title and',
    'languages), one file per version in `versions/<version>.yaml` (the version is its effective date),',
    'and `translations.lock` (the translations confirmed by `policyproof translations accept`). Editors',
    'that read `# yaml-language-server: $schema=…` comments validate the files as you type against the',
    'same schemas the checker uses; `policyproof policy validate` reports every problem at',
    'file:line:column.',
    '',
    ...reference('policy/policy.yaml', schemas.policy, EXAMPLES['policy.yaml']),
    ...reference('policy/versions/&lt;version&gt;.yaml', schemas.version, EXAMPLES.version),
    '## policy/translations.lock',
    '',
    'Written by `policyproof translations accept`, never by hand: `version: 1` and `pairs:`, each pair',
    '`{version, key, <authoritative tag>: <sha256>, <translation tag>: <sha256>}` — the hashes of the exact',
    'authoritative text and its translation that someone confirmed. A translation counts once its pair',
    'is here; when the authoritative text changes, its translation is stale until confirmed again.',
    '',
    '## Languages',
    '',
    'A policy may be written in any language that has a data file `rules/languages/<tag>.yaml` in the',
    'package (shipped: sv, en, da, nb, fi, de). A tag with a region (`de-AT`) uses its own file when one',
    'exists, else its primary language\'s. Any other language is an error (exit 2) naming the file to',
    'add: copy `rules/languages/en.yaml`, translate it, and open a pull request.',
    '',
    ...reference('rules/languages/&lt;tag&gt;.yaml', schemas.language),
    walkthrough.trim(),
    '',
  ];
  return `${out.join('\n')}\n`.replace(/\n{3,}/g, '\n\n');
}
