import { parse, textOrJson } from './index.js';

/** Every rule with its documentation (`--format json` for tools). */
export async function runRules(args: string[]): Promise<number> {
  const { values } = parse(args, { format: { type: 'string' } }, 0, 'rules');
  const json = textOrJson(values.format) === 'json';
  const { allRules } = await import('../../rules/index.js');
  const rules = [...allRules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
  if (json) {
    process.stdout.write(`${JSON.stringify(rules.map((r) => r.meta), null, 2)}\n`);
    return 0;
  }
  const out: string[] = [];
  for (const { meta } of rules) {
    out.push(`${meta.id}  (${meta.type}, ${meta.defaultSeverity})`);
    out.push(`  ${meta.docs.description}`);
    out.push(`  Why: ${meta.docs.rationale}`);
    out.push(`  Fix: ${meta.docs.help}`);
    out.push('');
  }
  process.stdout.write(out.join('\n'));
  return 0;
}
