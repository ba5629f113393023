/**
 * A small stand-alone harness for the lifecycle rules: loads a fixture case's policy (and base),
 * runs the rules with a hand-built RuleContext, and reads the expected findings from the
 * `# expect: <rule-id>` comments of the case's files and the `expect:` list of fixture.yaml.
 */
import { loadBuiltinDataTypes } from '../../src/classify/index.js';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { FindingInput, Policy, Rule, RuleContext } from '../../src/core/types.js';
import { loadPolicy } from '../../src/policy/load.js';
import { pendingVersions, versionInForce } from '../../src/policy/timeline.js';

export interface Expected {
  rule: string;
  file: string;
  line: number;
}

export function runRules(rules: Rule[], policy: Policy, at: string, base?: Policy): FindingInput[] {
  const found: FindingInput[] = [];
  const ctx: RuleContext = {
    policy,
    at,
    inForce: versionInForce(policy, at),
    pending: pendingVersions(policy, at),
    judged: versionInForce(policy, at),
    timing: 'in-force',
    ...(base ? { base } : {}),
    stores: [],
    implementations: [],
    references: [],
    diagnostics: [],
    dataTypes: [...loadBuiltinDataTypes(), ...(policy.identity.dataTypes ?? [])],
    suppressions: [],
    options: { reportUnusedSuppressions: false, noInlineSuppressions: [], ruleIds: [] },
    report: (f) => found.push(f),
  };
  for (const rule of rules) rule.check(ctx);
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

export interface FixtureCase {
  dir: string;
  at: string;
  rules?: string[];
  base?: string;
  expected: Expected[];
}

export function readCase(dir: string): FixtureCase {
  const fx = (existsSync(path.join(dir, 'fixture.yaml')) ? parse(readFileSync(path.join(dir, 'fixture.yaml'), 'utf8')) : {}) as {
    at?: string;
    rules?: string[];
    base?: string;
    expect?: Expected[];
  };
  const expected: Expected[] = [...(fx.expect ?? [])];
  for (const file of filesUnder(dir)) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    if (rel === 'fixture.yaml') continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = /(?:#|--|\/\/)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/.exec(text);
        if (m) for (const rule of m[1]!.split(',')) expected.push({ rule: rule.trim(), file: rel, line: i + 1 });
      });
  }
  return { dir, at: String(fx.at ?? '2018-06-01'), ...(fx.rules ? { rules: fx.rules } : {}), ...(fx.base ? { base: fx.base } : {}), expected };
}

export const key = (e: Expected) => `${e.rule} ${e.file}:${e.line}`;

export async function runCase(c: FixtureCase, rules: Rule[]): Promise<{ expected: string[]; actual: string[]; findings: FindingInput[] }> {
  const policy = await loadPolicy(path.join(c.dir, 'policy'), { root: c.dir });
  const base = c.base ? await loadPolicy(path.join(c.dir, c.base), { root: c.dir }) : undefined;
  const selected = c.rules ? rules.filter((r) => c.rules!.includes(r.meta.id)) : rules;
  const findings = runRules(selected, policy, c.at, base);
  const actual = [...new Set(findings.map((f) => key({ rule: f.ruleId, file: f.location.file, line: f.location.line })))].sort();
  const expected = [...new Set(c.expected.map(key))].sort();
  return { expected, actual, findings };
}
