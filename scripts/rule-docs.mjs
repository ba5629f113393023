// Writes docs/rules/<id>.md from the compiled rules (run `npm run build` first): `npm run docs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
const root = path.resolve(import.meta.dirname, '..');
const { allRules } = await import(path.join(root, 'build/rules/index.js'));
const { collectExamples, renderRuleDoc } = await import(path.join(root, 'build/src/docs/rule-docs.js'));
const { loadPolicy } = await import(path.join(root, 'build/src/policy/load.js'));
const policy = await loadPolicy(path.join(root, 'policy'), { root });
const examples = collectExamples(path.join(root, 'test/fixtures'));
mkdirSync(path.join(root, 'docs/rules'), { recursive: true });
const index = ['# Rules', '', '| rule | type | severity | what it checks |', '|---|---|---|---|'];
for (const rule of [...allRules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
  writeFileSync(path.join(root, 'docs/rules', `${rule.meta.id}.md`), renderRuleDoc(rule, policy, examples.get(rule.meta.id)));
  index.push(`| [${rule.meta.id}](${rule.meta.id}.md) | ${rule.meta.type} | ${rule.meta.defaultSeverity} | ${rule.meta.docs.description.replace(/\|/g, '\\|')} |`);
}
writeFileSync(path.join(root, 'docs/rules/README.md'), `${index.join('\n')}\n`);
console.log(`wrote ${allRules.length} rule pages to docs/rules/`);

// docs/policy-format.md from the JSON Schemas and the walk-through
const { readFileSync } = await import('node:fs');
const { renderPolicyFormat } = await import(path.join(root, 'build/src/docs/policy-format.js'));
const schema = (name) => JSON.parse(readFileSync(path.join(root, 'schemas', `${name}.schema.json`), 'utf8'));
writeFileSync(path.join(root, 'docs/policy-format.md'), renderPolicyFormat({ policy: schema('policy'), version: schema('version'), language: schema('language') }, readFileSync(path.join(root, 'docs/first-policy.md'), 'utf8')));
console.log('wrote docs/policy-format.md');
