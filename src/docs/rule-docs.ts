/**
 * docs/rules/<id>.md, generated from each rule's own metadata, the real policy's wording and the
 * rule's fixtures (a failing and a passing case), so the pages cannot drift from the rules.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Policy, Rule } from '../core/types.js';
import { sectionPromise } from '../policy/lifecycle.js';
import { languageName } from '../policy/languages.js';

/** The policy section whose wording each rule protects, in the bundled policy. */
const PROTECTS: Record<string, string> = {
  'retention-exceeds-max': 'traffic-data',
  'retention-below-min': 'traffic-data',
  'retention-missing': 'debug-data',
  'retention-forever': 'debug-data',
  'retention-unknown': 'api-traffic',
  'retention-default-mismatch': 'traffic-history',
  'forbidden-data-type': 'statistics',
  'unclassified-personal-data': 'introduction',
  'promise-not-implemented': 'traffic-history',
  'storage-outside-jurisdiction': 'storage',
  'unknown-region': 'storage',
  'notice-too-short': 'updates',
  'published-version-changed': 'updates',
  'backdated-version': 'updates',
  'version-order': 'updates',
  'translation-missing': 'updates',
  'translation-stale': 'updates',
  'translation-unconfirmed': 'updates',
  'section-parity': 'updates',
  'duration-mismatch': 'debug-data',
  'category-without-retention': 'customer-data',
  'missing-summary': 'updates',
};

export interface Example {
  file: string;
  language: string;
  code: string;
}

const LANG: Record<string, string> = { '.sql': 'sql', '.ts': 'ts', '.tsx': 'tsx', '.js': 'js', '.tf': 'hcl', '.yaml': 'yaml', '.yml': 'yaml', '.prisma': 'prisma', '.json': 'json', '.conf': 'text' };
const MAX_LINES = 40;

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile() && e.name !== 'fixture.yaml') out.push(r);
  }
  return out;
}

function caseDirs(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!e.isDirectory()) continue;
    const sub = path.join(dir, e.name);
    if (/^(pass|fail)(-|$)/.test(e.name)) out.push(sub);
    else out.push(...caseDirs(sub));
  }
  return out;
}

function example(caseDir: string, file: string, fixtures: string): Example {
  const text = readFileSync(path.join(caseDir, file), 'utf8');
  const lines = text.split('\n');
  const code = (lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), '…'] : lines).join('\n').trimEnd();
  return { file: path.posix.join(path.relative(fixtures, caseDir).split(path.sep).join('/'), file), language: LANG[path.extname(file)] ?? 'text', code };
}

/** For each rule: the first failing case that expects it and a passing case in a folder named after it. */
export function collectExamples(fixtures: string): Map<string, { fail?: Example; pass?: Example }> {
  const map = new Map<string, { fail?: Example; pass?: Example }>();
  if (!existsSync(fixtures)) return map;
  for (const dir of caseDirs(fixtures)) {
    const parts = path.relative(fixtures, dir).split(path.sep);
    const ruleDir = parts[parts.length - 2];
    const isPass = parts[parts.length - 1].startsWith('pass');
    const files = listFiles(dir);
    if (isPass) {
      const entry = map.get(ruleDir) ?? {};
      if (!entry.pass) {
        const main = files.find((f) => !f.startsWith('policy/') && !f.startsWith('base/')) ?? files.find((f) => f.startsWith('policy/versions/'));
        if (main) entry.pass = example(dir, main, fixtures);
      }
      map.set(ruleDir, entry);
      continue;
    }
    for (const f of files) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/\bexpect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g)) {
        for (const id of m[1].split(/\s*,\s*/)) {
          const entry = map.get(id) ?? {};
          if (!entry.fail) entry.fail = example(dir, f, fixtures);
          map.set(id, entry);
        }
      }
    }
  }
  return map;
}

export function renderRuleDoc(rule: Rule, policy: Policy | undefined, examples: { fail?: Example; pass?: Example } = {}): string {
  const { meta } = rule;
  const out: string[] = [];
  out.push(`# ${meta.id}`, '');
  out.push(`*${meta.type === 'lifecycle' ? 'Lifecycle rule: checks the policy itself' : 'Repository rule: checks the stores of the repository against the policy'}. Default severity: **${meta.defaultSeverity}**.*`, '');
  out.push(meta.docs.description, '');
  out.push('## What it protects', '', meta.docs.rationale, '');
  const version = policy?.versions[policy.versions.length - 1];
  const section = version?.sections.find((s) => s.id === PROTECTS[meta.id]);
  if (version && section) {
    const p = sectionPromise(version, section, (section.category?.retention?.max ?? section.notice)?.seconds);
    out.push(`In the bundled policy (section \`${section.id}\`, version ${version.version}):`, '');
    for (const [lang, text] of Object.entries(p.text)) {
      if (!text) continue;
      const role = lang === policy!.identity.languages.authoritative ? 'authoritative' : 'translation';
      out.push(`> ${text}`, '>', `> — ${languageName(lang)}, ${role}`, '');
    }
  }
  out.push('## Failing example', '');
  if (examples.fail) out.push(`\`test/fixtures/${examples.fail.file}\` — the \`expect:\` comment marks where the finding is reported:`, '', `\`\`\`${examples.fail.language}`, examples.fail.code, '```', '');
  else out.push('No fixture yet.', '');
  out.push('## Passing example', '');
  if (examples.pass) out.push(`\`test/fixtures/${examples.pass.file}\`:`, '', `\`\`\`${examples.pass.language}`, examples.pass.code, '```', '');
  else out.push('No fixture yet.', '');
  out.push('## How to fix', '', meta.docs.help, '');
  out.push('## Suppressing', '', `Where the finding is a reviewed exception: \`@policy-ignore ${meta.id} -- <reason> [until YYYY-MM-DD]\` on the line above it, or \`${meta.id}: off\` under \`rules:\` in \`policyproof.yaml\`.`, '');
  return out.join('\n');
}
