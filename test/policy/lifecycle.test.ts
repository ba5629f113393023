import { withPromise } from '../../src/report/quote.js';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { Rule } from '../../src/core/types.js';
import { allRulesForTest } from './all-lifecycle-rules.js';
import { loadPolicy, loadPolicyAtRef } from '../../src/policy/load.js';
import { readCase, runCase, runRules } from './rule-harness.js';

const LIFECYCLE_RULES: Rule[] = allRulesForTest;

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const fixtures = path.join(repo, 'test/fixtures/lifecycle');

describe('lifecycle rule metadata', () => {
  test.each(LIFECYCLE_RULES.map((r) => [r.meta.id, r] as const))('%s has its docs and a fixture folder', (id, rule) => {
    expect(rule.meta.type).toBe('lifecycle');
    expect(rule.meta.docs.description.length).toBeGreaterThan(20);
    expect(rule.meta.docs.rationale.length).toBeGreaterThan(20);
    expect(rule.meta.docs.help.length).toBeGreaterThan(20);
    const cases = readdirSync(path.join(fixtures, id));
    expect(cases.some((c) => c.startsWith('pass-'))).toBe(true);
    expect(cases.some((c) => c.startsWith('fail-'))).toBe(true);
  });
});

const allCases = readdirSync(fixtures).flatMap((rule) => readdirSync(path.join(fixtures, rule)).map((c) => `${rule}/${c}`));

describe('lifecycle fixtures', () => {
  test.each(allCases)('%s', async (name) => {
    const c = readCase(path.join(fixtures, name));
    if (name.split('/')[1]!.startsWith('fail-')) expect(c.expected.length).toBeGreaterThan(0);
    else expect(c.expected).toEqual([]);
    const { expected, actual } = await runCase(c, LIFECYCLE_RULES);
    expect(actual).toEqual(expected);
  });
});

describe('lifecycle rules on the real policy', () => {
  test('the 2018 policy: its 10-day notice is not an error, its gaps are warnings', async () => {
    const policy = await loadPolicy(path.join(repo, 'policy'), { root: repo });
    const findings = runRules(LIFECYCLE_RULES, policy, '2026-01-01');
    const byRule = findings.map((f) => `${f.ruleId} ${f.category ?? ''}`).sort();
    expect(byRule).toEqual([
      'category-without-retention abuse',
      'category-without-retention card-purchases',
      'category-without-retention customer-data',
    ]);
    const severities = new Map(LIFECYCLE_RULES.map((r) => [r.meta.id, r.meta.defaultSeverity]));
    expect(findings.every((f) => severities.get(f.ruleId) === 'warning')).toBe(true);
  });

  test('the promise is kept beside the message, in each language of the policy', async () => {
    const c = readCase(path.join(fixtures, 'notice-too-short/fail-ten-days'));
    const { findings } = await runCase(c, LIFECYCLE_RULES);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.message).not.toContain('"');
    expect(f.promise?.text).toEqual({ sv: 'Den nya lydelsen blir gällande 30 dagar efter att den publicerats.', en: 'The new wording takes effect 30 days after it has been published.' });
    expect(f.message).toContain('earliest lawful effective date is 2019-01-31');
    expect(f.promise?.text.sv).toBe('Den nya lydelsen blir gällande 30 dagar efter att den publicerats.');
    expect(f.promise?.location?.file).toBe('policy/versions/2018-05-20.yaml');
  });

  test('a pending pass does not repeat lifecycle findings', async () => {
    const c = readCase(path.join(fixtures, 'notice-too-short/fail-ten-days'));
    const policy = await loadPolicy(path.join(c.dir, 'policy'), { root: c.dir });
    const found: string[] = [];
    for (const rule of LIFECYCLE_RULES) {
      rule.check({
        policy, at: c.at, pending: [], timing: 'pending', stores: [], implementations: [], references: [], diagnostics: [], dataTypes: [],
        report: (f) => found.push(f.ruleId),
      });
    }
    expect(found).toEqual([]);
  });
});

describe('immutability against a git base (loadPolicyAtRef, no checkout)', () => {
  test('a comment-only edit passes; a changed published sentence is reported at its line; a backdated addition too', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'policyproof-base-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: root });
      cpSync(path.join(repo, 'policy'), path.join(root, 'policy'), { recursive: true });
      git('init', '-q', '-b', 'main');
      git('add', '.');
      git('commit', '-q', '-m', 'policy');
      const file = path.join(root, 'policy/versions/2018-05-20.yaml');
      const original = readFileSync(file, 'utf8');
      const run = async (at: string) => {
        const policy = await loadPolicy(path.join(root, 'policy'), { root });
        const base = await loadPolicyAtRef(root, 'policy', 'HEAD');
        return runRules(LIFECYCLE_RULES.filter((r) => ['published-version-changed', 'backdated-version'].includes(r.meta.id)), policy, at, base)
          .map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
      };

      writeFileSync(file, original.replace('# Account and contact details.', '# Account and contact details (reworded comment).'));
      expect(await run('2026-11-28')).toEqual([]);

      writeFileSync(file, original.replace('Vi lagrar trafikuppgifter i 60 dagar', 'Vi lagrar trafikuppgifter i 90 dagar'));
      const line = original.split('\n').findIndex((l) => l.includes('Vi lagrar trafikuppgifter i 60 dagar'));
      // reported at the block scalar holding the sentence (its `sv: |-` line)
      expect(await run('2026-11-28')).toEqual([`published-version-changed policy/versions/2018-05-20.yaml:${line}`]);

      writeFileSync(file, original);
      const next = original.replace(/^version: .*$/m, 'version: 2026-12-28').replace(/^published: .*$/m, 'published: 2026-11-01').replace(/^effective: .*$/m, 'effective: 2026-12-28');
      writeFileSync(path.join(root, 'policy/versions/2026-12-28.yaml'), next);
      const publishedLine = next.split('\n').findIndex((l) => l.startsWith('published:')) + 1;
      expect(await run('2026-11-28')).toEqual([`backdated-version policy/versions/2026-12-28.yaml:${publishedLine}`]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('quoted promises', () => {
  test('category-without-retention quotes the sentence that says what is kept, in Swedish and English', async () => {
    const policy = await loadPolicy(path.join(repo, 'policy'), { root: repo });
    const card = runRules(LIFECYCLE_RULES, policy, '2026-01-01').find((f) => f.category === 'card-purchases')!;
    expect(card.promise?.text.en).toBe('We store who made the purchase, what you bought and how the payment was made, but we do not have access to, or store, the card details - they are handled only by the payment service.');
    expect(card.promise?.text.sv).toBe('Vi lagrar vem som köpt, vad du köpt och hur betalningen skett men vi har ej tillgång till eller lagrar kortuppgifterna - dessa behandlas endast av betaltjänsten.');
    expect(withPromise(card)).toContain(`Policy: "${card.promise!.text.sv}" (en: "${card.promise!.text.en}")`);
  });
});

describe('noticeCheck (shared by notice-too-short, policy new and the PR preview)', () => {
  test('the binding notice is the one in force on the publication day, not a pending version’s', async () => {
    const { noticeCheck } = await import('../../src/policy/notice.js');
    const dir = path.join(fixtures, 'notice-too-short/fail-binding-notice-is-in-force-at-publication');
    const policy = await loadPolicy(path.join(dir, 'policy'), { root: dir });
    const [first, second, third] = policy.versions;
    expect(noticeCheck(policy, first!)).toBeUndefined();
    expect(noticeCheck(policy, second!)).toMatchObject({ ok: true, days: 30, earliest: '2019-01-31' });
    const c = noticeCheck(policy, third!)!;
    expect([c.binding.version, c.notice.text, c.published, c.effective, c.days, c.earliest, c.ok]).toEqual(['2018-05-20', 'P30D', '2019-01-05', '2019-02-01', 27, '2019-02-04', false]);
  });
});
