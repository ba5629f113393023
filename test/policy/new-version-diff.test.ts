import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { allRulesForTest } from './all-lifecycle-rules.js';
import { diffVersions, diffWords, renderDiffText, renderWordOps } from '../../src/policy/diff.js';
import { loadPolicy } from '../../src/policy/load.js';
import { newVersion } from '../../src/policy/new-version.js';
import { translationStatus } from '../../src/policy/translations.js';
import { runRules } from './rule-harness.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'policyproof-new-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copyRealPolicy(name: string): string {
  const root = path.join(tmp, name);
  cpSync(path.join(repo, 'policy'), path.join(root, 'policy'), { recursive: true });
  return root;
}

describe('policy new', () => {
  test('a policy published in Swedish only gets a Swedish summary placeholder, no English, and no translation work', async () => {
    const root = path.join(tmp, 'swedish-only');
    cpSync(path.join(repo, 'test/fixtures/generality/swedish-only-saas/policy'), path.join(root, 'policy'), { recursive: true });
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    const nv = newVersion(policy, '2026-11-28');
    expect(nv.message).toContain('write the summary in Swedish:');
    writeFileSync(path.join(root, nv.file), nv.text);
    const after = await loadPolicy(path.join(root, 'policy'), { root });
    expect(after.versions.at(-1)!.summary).toEqual({ sv: 'TODO' });
    expect(translationStatus(after)).toEqual([]);
    const found = runRules(allRulesForTest, after, '2026-11-28').map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`);
    // only the placeholder (and the fixture's own misnamed v1.yaml): no English is asked for
    expect(found.sort()).toEqual(['missing-summary policy/versions/2026-12-28.yaml:6', 'version-order policy/versions/v1.yaml:1']);
  });

  test('copies the latest version, published today, effective today + the notice in force', async () => {
    const root = copyRealPolicy('new');
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    const nv = newVersion(policy, '2026-11-28');
    expect(nv.file).toBe('policy/versions/2026-12-28.yaml');
    expect([nv.version, nv.published, nv.effective, nv.notice.text, nv.noticeFrom]).toEqual(['2026-12-28', '2026-11-28', '2026-12-28', 'P30D', '2018-05-20']);
    expect(nv.message).toContain('fails (missing-summary) while it says TODO');
    expect(nv.text).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/version\.schema\.json\n/);
    expect(nv.text).toContain('version: 2026-12-28\npublished: 2026-11-28\neffective: 2026-12-28\n');
    expect(nv.text).not.toContain('as published on 2018-05-10');

    writeFileSync(path.join(root, nv.file), nv.text);
    const after = await loadPolicy(path.join(root, 'policy'), { root });
    expect(after.versions.map((v) => v.version)).toEqual(['2018-05-20', '2026-12-28']);
    const [old, fresh] = after.versions;
    // the copy says the same thing: only dates and the summary differ
    expect(fresh!.sections).toEqual(old!.sections);
    expect(fresh!.summary).toEqual({ sv: 'TODO', en: 'TODO' });

    // it passes every lifecycle rule except the summary it still lacks
    const findings = runRules(allRulesForTest, after, '2026-11-28').filter((f) => f.ruleId !== 'category-without-retention');
    const summaryLine = nv.text.split('\n').indexOf('summary:') + 1;
    expect(summaryLine).toBeGreaterThan(4);
    expect(findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual([`missing-summary policy/versions/2026-12-28.yaml:${summaryLine}`]);
    // translations stay confirmed: the lock confirms pairs by content
    expect(findings.some((f) => f.ruleId.startsWith('translation-'))).toBe(false);
  });

  test('comes after a pending version and refuses to overwrite one', async () => {
    const root = copyRealPolicy('pending');
    const first = newVersion(await loadPolicy(path.join(root, 'policy'), { root }), '2026-11-28');
    writeFileSync(path.join(root, first.file), first.text);
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    // the next day, the notice is still the one in force (2018-05-20's 30 days) but must follow 2026-12-28
    expect(newVersion(policy, '2026-11-29').effective).toBe('2026-12-29');
    expect(newVersion(policy, '2026-11-20').effective).toBe('2026-12-29');
  });
});

describe('policy diff', () => {
  test('word-level diff', () => {
    expect(renderWordOps(diffWords('Vi lagrar trafikuppgifter i 60 dagar.', 'Vi lagrar trafikuppgifter i 90 dagar.'))).toBe('Vi lagrar trafikuppgifter i [-60-]{+90+} dagar.');
    expect(renderWordOps(diffWords('a b c', 'a x b c d'))).toBe('a {+x +}b c{+ d+}');
    expect(diffWords('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
    const ops = diffWords('one two three four', 'zero two four five');
    expect(ops.filter((o) => o.op !== 'added').map((o) => o.text).join('')).toBe('one two three four');
    expect(ops.filter((o) => o.op !== 'removed').map((o) => o.text).join('')).toBe('zero two four five');
  });

  test('a huge rewritten text stays fast', () => {
    const a = Array.from({ length: 60000 }, (_, i) => `a${i}`).join(' ');
    const b = Array.from({ length: 60000 }, (_, i) => `b${i}`).join(' ');
    const ops = diffWords(a, b);
    expect(ops.filter((o) => o.op !== 'added').map((o) => o.text).join('')).toBe(a);
    expect(ops.filter((o) => o.op !== 'removed').map((o) => o.text).join('')).toBe(b);
  });

  test('sections added, removed and changed, in both languages and in the rules', async () => {
    const root = copyRealPolicy('diff');
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    const nv = newVersion(policy, '2026-11-28');
    const text = nv.text
      .replace('Som standard lagrar vi också din fullständiga trafikhistorik i 90 dagar', 'Som standard lagrar vi också din fullständiga trafikhistorik i 60 dagar')
      .replace('retention: {default: P90D, configurable: true}', 'retention: {default: P60D, configurable: true}')
      .replace(/  - id: abuse\n[\s\S]*?(?=\n  - id: storage)/, '  - id: cookies\n    heading: {sv: Kakor, en: Cookies}\n    text: {sv: Vi använder inga kakor., en: We use no cookies.}\n');
    writeFileSync(path.join(root, nv.file), text);
    const after = await loadPolicy(path.join(root, 'policy'), { root });
    const d = diffVersions(after.versions[0]!, after.versions[1]!);
    expect(d.dates).toEqual([
      { path: 'published', before: '2018-05-10', after: '2026-11-28' },
      { path: 'effective', before: '2018-05-20', after: '2026-12-28' },
    ]);
    const status = d.sections.filter((s) => s.status !== 'unchanged').map((s) => `${s.id} ${s.status}`);
    expect(status).toEqual(['traffic-history changed', 'abuse removed', 'cookies added']);
    const th = d.sections.find((s) => s.id === 'traffic-history')!;
    expect(th.rules).toEqual([{ path: 'category.retention.default', before: 'P90D', after: 'P60D' }]);
    expect(renderWordOps(th.text.sv!.ops)).toContain('trafikhistorik i [-90-]{+60+} dagar');
    expect(th.text.en).toBeUndefined();
    const out = renderDiffText(d);
    expect(out).toContain('Policy 2018-05-20 → 2026-12-28\n  published: 2018-05-10 → 2026-11-28\n');
    expect(out).toContain('§ traffic-history (changed)\n  text (sv):\n    Som standard lagrar vi också din fullständiga trafikhistorik i [-90-]{+60+} dagar');
    expect(out).toContain('  category.retention.default: P90D → P60D\n');
    expect(out).toContain('§ abuse (removed)');
    expect(out).toContain('§ cookies (added)\n  heading (sv):\n    Kakor\n');
    expect(out).toContain('  summary (sv): TODO\n');
  });
});
