import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules } from '../rules/index.js';
import { collectExamples, renderRuleDoc } from '../src/docs/rule-docs.js';
import { loadPolicy } from '../src/policy/load.js';

describe('docs/rules', () => {
  it('has a page for every rule, generated from the rule, the policy and the fixtures (npm run docs)', async () => {
    const policy = await loadPolicy(path.resolve('policy'), { root: process.cwd() });
    const examples = collectExamples(path.resolve('test/fixtures'));
    for (const rule of allRules) {
      const file = path.resolve('docs/rules', `${rule.meta.id}.md`);
      expect(existsSync(file), `${file} is missing: run npm run build && npm run docs`).toBe(true);
      expect(readFileSync(file, 'utf8'), `docs/rules/${rule.meta.id}.md is stale: run npm run build && npm run docs`).toBe(renderRuleDoc(rule, policy, examples.get(rule.meta.id)));
    }
  });

  it('every rule has a failing and a passing fixture', () => {
    const examples = collectExamples(path.resolve('test/fixtures'));
    const missing = allRules
      .flatMap((r) => [examples.get(r.meta.id)?.fail ? [] : [`${r.meta.id}: no failing fixture`], examples.get(r.meta.id)?.pass ? [] : [`${r.meta.id}: no passing fixture`]].flat());
    expect(missing).toEqual([]);
  });
});
