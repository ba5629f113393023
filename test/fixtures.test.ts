/**
 * One harness for every fixture (markdownlint-style): each case folder is a small repository whose
 * files carry their expected findings inline — a comment with `expect: <rule-id>[, <rule-id>]` on
 * the line where the finding must be reported. The set of (rule, file, line) reported inside the
 * case must equal the set expected. See docs/ARCHITECTURE.md.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { check } from '../src/engine/check.js';
import { loadPolicy } from '../src/policy/load.js';

const FIXTURES = path.resolve('test/fixtures');
const REPO_POLICY = path.resolve('policy');
const EXPECT = /\bexpect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/g;

interface FixtureFile {
  at?: string;
  policy?: string;
  base?: string;
  rules?: string[];
  expect?: Array<{ rule: string; file: string; line: number }>;
  paths?: string[];
  'report-unused-suppressions'?: boolean;
}

function hasFixtureBelow(dir: string): boolean {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const sub = path.join(dir, e.name);
    if (existsSync(path.join(sub, 'fixture.yaml')) || hasFixtureBelow(sub)) return true;
  }
  return false;
}

/** A case is a folder with fixture.yaml, or a <group>/<case> folder with no case below it. */
function findCases(dir: string, depth = 0): string[] {
  if (!existsSync(dir)) return [];
  if (depth > 0 && existsSync(path.join(dir, 'fixture.yaml'))) return [dir];
  if (depth === 2 && !hasFixtureBelow(dir)) return [dir];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.isDirectory()) out.push(...findCases(path.join(dir, e.name), depth + 1));
  }
  return out;
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

function expectedOf(caseDir: string, fixture: FixtureFile): string[] {
  const out: string[] = [];
  for (const file of listFiles(caseDir)) {
    if (file === 'fixture.yaml') continue;
    const buf = readFileSync(path.join(caseDir, file));
    if (buf.subarray(0, 8192).includes(0) || statSync(path.join(caseDir, file)).size > 4 * 1024 * 1024) continue;
    buf.toString('utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(EXPECT)) for (const rule of m[1].split(/\s*,\s*/)) out.push(`${rule} ${file}:${i + 1}`);
    });
  }
  for (const e of fixture.expect ?? []) out.push(`${e.rule} ${e.file}:${e.line}`);
  return out.sort();
}

const cases = findCases(FIXTURES);

describe('fixtures', () => {
  it('finds the fixture cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const caseDir of cases) {
    const name = path.relative(FIXTURES, caseDir);
    it(name, async () => {
      const fixturePath = path.join(caseDir, 'fixture.yaml');
      const fixture: FixtureFile = existsSync(fixturePath) ? (parseYaml(readFileSync(fixturePath, 'utf8')) ?? {}) : {};
      const policyDir = fixture.policy
        ? path.join(caseDir, fixture.policy)
        : existsSync(path.join(caseDir, 'policy')) ? path.join(caseDir, 'policy') : REPO_POLICY;
      const basePolicy = fixture.base ? await loadPolicy(path.join(caseDir, fixture.base), { root: caseDir }) : undefined;
      const result = await check({
        root: caseDir,
        paths: fixture.paths,
        policyDir,
        at: fixture.at ?? '2026-11-28',
        basePolicy,
        onlyRules: fixture.rules,
        reportUnusedSuppressions: fixture['report-unused-suppressions'],
      });
      const actual = result.findings
        .filter((f) => !f.location.file.startsWith('..') && !path.isAbsolute(f.location.file) && !f.suppressed)
        .map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)
        .sort();
      const messages = result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line} ${f.message}`).join('\n');
      expect(actual, `findings reported:\n${messages}`).toEqual(expectedOf(caseDir, fixture));
    });
  }
});
