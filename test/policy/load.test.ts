import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { parseDuration } from '../../src/core/duration.js';
import { PolicyError, isCalendarDate, loadPolicy, loadPolicyAtRef } from '../../src/policy/load.js';
import { classifyIdentifier } from '../../src/classify/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'policyproof-load-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));

const POLICY_YAML = `id: example
organization: Example AB
title: {sv: Integritetspolicy, en: Privacy policy}
languages: {authoritative: sv, translations: [en]}
timezone: Europe/Stockholm
`;
const VERSION = `version: 2018-05-20
published: 2018-05-10
effective: 2018-05-20
sections:
  - id: traffic-data
    heading: {sv: Trafikuppgifter, en: Traffic data}
    text:
      sv: Vi lagrar trafikuppgifter i 60 dagar.
      en: We store traffic data for 60 days.
    category:
      holds: [ip-address]
      retention: {min: P60D, max: P60D}
  - id: api-traffic
    category:
      retention: {until: completion, max: PT72H}
  - id: updates
    notice: P30D
`;

let n = 0;
/** A policy folder in a fresh temp root; returns the root (the policy is at <root>/policy). */
function makePolicy(files: Record<string, string | Buffer | null> = {}): string {
  const root = path.join(tmpRoot, `case-${++n}`);
  const all: Record<string, string | Buffer | null> = { 'policy.yaml': POLICY_YAML, 'versions/2018-05-20.yaml': VERSION, ...files };
  for (const [name, text] of Object.entries(all)) {
    if (text === null) continue;
    const p = path.join(root, 'policy', name);
    mkdirSync(path.dirname(p), { recursive: true });
    writeFileSync(p, text);
  }
  mkdirSync(path.join(root, 'policy', 'versions'), { recursive: true });
  return root;
}

async function loadError(root: string, dir = 'policy'): Promise<PolicyError> {
  try {
    await loadPolicy(path.join(root, dir), { root });
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return err as PolicyError;
  }
  throw new Error('expected a PolicyError');
}

describe('loadPolicy on the real policy', () => {
  test('loads policy/ with every section, rule and confirmed pair', async () => {
    const policy = await loadPolicy(path.join(repo, 'policy'), { root: repo });
    expect(policy.dir).toBe('policy');
    expect(policy.identity.timezone).toBe('Europe/Stockholm');
    expect(policy.versions.map((v) => [v.version, v.published, v.effective, v.file])).toEqual([['2018-05-20', '2018-05-10', '2018-05-20', 'policy/versions/2018-05-20.yaml']]);
    const v = policy.versions[0]!;
    expect(v.sections.map((s) => s.id)).toEqual([
      'introduction', 'customer-data', 'card-purchases', 'api-traffic', 'traffic-data', 'debug-data',
      'traffic-history', 'monthly-reports', 'statistics', 'abuse', 'storage', 'updates',
    ]);
    const byId = new Map(v.sections.map((s) => [s.id, s]));
    expect(byId.get('traffic-data')!.category!.retention!.max).toEqual({ text: 'P60D', seconds: 60 * 86400 });
    expect(byId.get('api-traffic')!.category!.retention).toMatchObject({ until: 'completion', max: { text: 'PT72H', seconds: 72 * 3600 } });
    expect(byId.get('updates')!.notice).toEqual({ text: 'P30D', seconds: 30 * 86400 });
    expect(byId.get('storage')!.storage).toEqual({ jurisdiction: 'EU' });
    expect(policy.translations.length).toBeGreaterThan(20);
    // locate points at the YAML node of the rule
    const loc = v.locate(['sections', byId.get('traffic-data')!.index, 'category', 'retention', 'max']);
    const line = readFileSync(path.join(repo, loc.file), 'utf8').split('\n')[loc.line - 1]!;
    expect(line.slice(loc.column - 1)).toMatch(/^P60D/);
  });
});

describe('loadPolicy: a good minimal policy', () => {
  test('durations keep their wording and compare by length', async () => {
    const root = makePolicy();
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    const api = policy.versions[0]!.sections[1]!;
    expect(api.category!.retention!.max!.text).toBe('PT72H');
    expect(api.category!.retention!.max!.seconds).toBe(parseDuration('P3D').seconds);
    expect(api.category!.holds).toEqual([]);
    expect(api.text).toEqual({});
    expect(policy.translations).toEqual([]);
    expect(policy.translationsFile).toBe('policy/translations.lock');
  });

  test('paths are relative to root with POSIX separators, and a wrong file name is not a load error', async () => {
    const root = makePolicy({ 'versions/2018-05-20.yaml': null, 'versions/misnamed.yaml': VERSION });
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    expect(policy.versions[0]!.file).toBe('policy/versions/misnamed.yaml');
  });

  test('versions are sorted by effective date whatever their file names', async () => {
    const later = VERSION.replace(/2018-05-20/g, '2019-01-31').replace('published: 2018-05-10', 'published: 2019-01-01');
    const root = makePolicy({ 'versions/a.yaml': later });
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    expect(policy.versions.map((v) => v.version)).toEqual(['2018-05-20', '2019-01-31']);
  });

  test('data-type extensions in policy.yaml', async () => {
    const root = makePolicy({
      'policy.yaml': POLICY_YAML + `data-types:\n  - id: customer-number\n    name: {sv: Kundnummer, en: Customer number}\n    patterns: [customer number, kundnummer]\n    sql-types: [UUID]\n    exclusions: [customer_number_count]\n`,
    });
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    expect(policy.identity.dataTypes).toEqual([
      { id: 'customer-number', name: { sv: 'Kundnummer', en: 'Customer number' }, patterns: [['customer', 'number'], ['kundnummer']], exclusions: [['customer', 'number', 'count']], sqlTypes: ['uuid'], personal: true },
    ]);
  });
});

describe('data types of policy.yaml reach the classifier as it reads names', () => {
  test('Swedish letters, camelCase and *suffix patterns match the columns they name', async () => {
    const root = makePolicy({
      'policy.yaml': POLICY_YAML + `data-types:\n  - id: loyalty-number\n    name: {sv: Förmånsnummer}\n    patterns: [förmånsnummer, loyaltyCardNumber, "*klubbnummer"]\n  - id: order-id\n    name: {en: Order number}\n    patterns: [order number]\n    personal: false\n`,
    });
    const policy = await loadPolicy(path.join(root, 'policy'), { root });
    const types = policy.identity.dataTypes!;
    expect(types[0]!.patterns).toEqual([['formansnummer'], ['loyalty', 'card', 'number'], ['*klubbnummer']]);
    expect(types[1]!.personal).toBe(false);
    const hits = (column: string) => classifyIdentifier(column, 'text', types).map((h) => h.type);
    expect(hits('förmånsnummer')).toEqual(['loyalty-number']);
    expect(hits('kund_formansnummer')).toEqual(['loyalty-number']);
    expect(hits('loyalty_card_number')).toEqual(['loyalty-number']);
    expect(hits('kundklubbnummer')).toEqual(['loyalty-number']);
    expect(hits('order_number')).toEqual(['order-id']);
    expect(hits('product_sku')).toEqual([]);
  });

  test('a data type defined twice is an error at the second definition', async () => {
    const root = makePolicy({
      'policy.yaml': POLICY_YAML + `data-types:\n  - id: order-id\n    name: {en: Order}\n    patterns: [order id]\n  - id: order-id\n    name: {en: Order}\n    patterns: [order number]\n`,
    });
    const err = await loadError(root);
    expect(err.message).toBe('policy/policy.yaml:10:9: data-types[1].id: data type "order-id" is defined twice (first at data-types[0])');
  });
});

describe('loadPolicy: bad input gives one line file:line:column: reason', () => {
  const cases: Array<[string, Record<string, string | Buffer | null>, RegExp]> = [
    ['malformed YAML', { 'versions/2018-05-20.yaml': VERSION.replace('    heading: {sv: Trafikuppgifter, en: Traffic data}', '    heading: {sv: Trafikuppgifter, en: Traffic data') }, /^policy\/versions\/2018-05-20\.yaml:\d+:\d+: YAML syntax error: /],
    ['a duplicate key', { 'versions/2018-05-20.yaml': VERSION.replace('effective: 2018-05-20', 'effective: 2018-05-20\neffective: 2018-05-21') }, /^policy\/versions\/2018-05-20\.yaml:4:1: YAML syntax error: Map keys must be unique/],
    ['a wrong type', { 'versions/2018-05-20.yaml': VERSION.replace('      holds: [ip-address]', '      holds: ip-address') }, /^policy\/versions\/2018-05-20\.yaml:11:14: sections\[0\]\.category\.holds: must be a list, not a string$/],
    ['an unknown key', { 'versions/2018-05-20.yaml': VERSION.replace('      holds: [ip-address]', '      holdz: [ip-address]') }, /^policy\/versions\/2018-05-20\.yaml:11:7: unknown key "holdz" in sections\[0\]\.category; did you mean "holds"\? \(allowed: holds, forbids, retention, promises\)$/],
    ['a __proto__ key', { 'versions/2018-05-20.yaml': VERSION.replace('effective: 2018-05-20', 'effective: 2018-05-20\n__proto__: {polluted: true}') }, /^policy\/versions\/2018-05-20\.yaml:4:1: unknown key "__proto__" \(allowed: version, published, effective, summary, sections\)$/],
    ['an unknown key in policy.yaml', { 'policy.yaml': POLICY_YAML + 'timzone: UTC\n' }, /^policy\/policy\.yaml:6:1: unknown key "timzone"; did you mean "timezone"\? \(allowed: id, organization, title, languages, pages, timezone, data-types\)$/],
    ['a missing required key', { 'versions/2018-05-20.yaml': VERSION.replace('published: 2018-05-10\n', '') }, /^policy\/versions\/2018-05-20\.yaml:1:1: missing required key "published"$/],
    ['an invalid date', { 'versions/2018-05-20.yaml': VERSION.replace('published: 2018-05-10', 'published: 2018-02-30') }, /^policy\/versions\/2018-05-20\.yaml:2:12: published: "2018-02-30" is not a calendar date$/],
    ['a date in another format', { 'versions/2018-05-20.yaml': VERSION.replace('published: 2018-05-10', 'published: 10/05/2018') }, /^policy\/versions\/2018-05-20\.yaml:2:12: published: "10\/05\/2018" is not a date; write YYYY-MM-DD$/],
    ['a duration in months', { 'versions/2018-05-20.yaml': VERSION.replace('retention: {min: P60D, max: P60D}', 'retention: {min: P60D, max: P1M}') }, /^policy\/versions\/2018-05-20\.yaml:12:35: sections\[0\]\.category\.retention\.max: "P1M": months are ambiguous \(28 to 31 days\); write the duration in days, e\.g\. P30D$/],
    ['a duration in years', { 'versions/2018-05-20.yaml': VERSION.replace('notice: P30D', 'notice: P1Y') }, /^policy\/versions\/2018-05-20\.yaml:17:13: sections\[2\]\.notice: "P1Y": years vary in length/],
    ['a non-ISO duration', { 'versions/2018-05-20.yaml': VERSION.replace('notice: P30D', 'notice: 30 days') }, /^policy\/versions\/2018-05-20\.yaml:17:13: sections\[2\]\.notice: "30 days" is not an ISO 8601 duration/],
    ['a number for a duration', { 'versions/2018-05-20.yaml': VERSION.replace('notice: P30D', 'notice: 30') }, /^policy\/versions\/2018-05-20\.yaml:17:13: sections\[2\]\.notice: must be an ISO 8601 duration such as P14D or PT72H, not a number$/],
    ['a number for a date', { 'versions/2018-05-20.yaml': VERSION.replace('published: 2018-05-10', 'published: 20180510') }, /^policy\/versions\/2018-05-20\.yaml:2:12: published: must be a date YYYY-MM-DD, not a number$/],
    ['a duplicate section id', { 'versions/2018-05-20.yaml': VERSION.replace('  - id: updates', '  - id: api-traffic') }, /^policy\/versions\/2018-05-20\.yaml:16:9: sections\[2\]\.id: section id "api-traffic" is used twice/],
    ['an unknown timezone', { 'policy.yaml': POLICY_YAML.replace('Europe/Stockholm', 'Europe/Stockhol') }, /^policy\/policy\.yaml:5:11: timezone: "Europe\/Stockhol" is not an IANA timezone/],
    ['an empty version file', { 'versions/2018-05-20.yaml': '' }, /^policy\/versions\/2018-05-20\.yaml:1:1: the file is empty; expected a YAML mapping$/],
    ['two documents in one file', { 'versions/2018-05-20.yaml': VERSION + '---\nversion: 2019-01-01\n' }, /^policy\/versions\/2018-05-20\.yaml:\d+:\d+: YAML syntax error: Source contains multiple documents/],
    ['binary bytes', { 'versions/2018-05-20.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) }, /^policy\/versions\/2018-05-20\.yaml:1:1: binary content/],
    ['invalid UTF-8', { 'versions/2018-05-20.yaml': Buffer.concat([Buffer.from('version: '), Buffer.from([0xc3, 0x28])]) }, /^policy\/versions\/2018-05-20\.yaml:1:10: not valid UTF-8 text$/],
    ['an unknown promise', { 'versions/2018-05-20.yaml': VERSION.replace('      holds: [ip-address]', '      holds: [ip-address]\n      promises: [deleet]') }, /^policy\/versions\/2018-05-20\.yaml:12:18: sections\[0\]\.category\.promises\[0\]: "deleet" is not one of: delete, configure, disable$/],
    ['a lock with a bad hash', { 'translations.lock': 'version: 1\npairs:\n  - {version: 2018-05-20, key: title, sv: abc, en: abc}\n' }, /^policy\/translations\.lock:3:43: pairs\[0\]\.sv: expected a sha256 hex digest/],
    ['a lock of a newer format', { 'translations.lock': 'version: 2\npairs: []\n' }, /^policy\/translations\.lock:1:10: version: lock format 2 is not supported/],
    ['no policy.yaml', { 'policy.yaml': null }, /^policy\/policy\.yaml: not found; a policy folder holds policy\.yaml and versions\/<version>\.yaml$/],
    ['no version files', { 'versions/2018-05-20.yaml': null }, /^policy\/versions: no version files/],
  ];
  test.each(cases)('%s', async (_name, files, message) => {
    const err = await loadError(makePolicy(files));
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('\n');
    expect(err.message).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  test('the location of a schema error points at the offending node', async () => {
    const err = await loadError(makePolicy({ 'versions/2018-05-20.yaml': VERSION.replace('retention: {min: P60D, max: P60D}', 'retention: {min: P60D, max: P1M}') }));
    expect(err.location).toEqual(expect.objectContaining({ file: 'policy/versions/2018-05-20.yaml', line: 12, column: 35 }));
    expect(err.reason).toMatch(/^sections\[0\]\.category\.retention\.max: "P1M": months are ambiguous/);
  });

  test('a missing policy folder', async () => {
    const root = path.join(tmpRoot, 'empty-root');
    mkdirSync(root, { recursive: true });
    const err = await loadError(root, 'policy');
    expect(err.message).toBe('policy: no policy folder here (expected policy.yaml and versions/); pass --policy DIR');
  });

  test('a file where the folder should be', async () => {
    const root = path.join(tmpRoot, 'file-root');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'policy'), 'not a folder');
    expect((await loadError(root)).message).toMatch(/^policy: not a folder/);
  });

  test('a symlink loop as a version file', async () => {
    const root = makePolicy();
    symlinkSync('loop.yaml', path.join(root, 'policy/versions/loop.yaml'));
    expect((await loadError(root)).message).toMatch(/^policy\/versions\/loop\.yaml:1:1: cannot read \(ELOOP\)$/);
  });

  test('an alias bomb is refused within a second', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `version: 2018-05-20\npublished: 2018-05-10\neffective: 2018-05-20\nsections: [{id: x}]\n${lines.join('\n')}\n`;
    const root = makePolicy({ 'versions/2018-05-20.yaml': bomb });
    const start = performance.now();
    const err = await loadError(root);
    expect(performance.now() - start).toBeLessThan(5000); // a hang guard, not a speed test (bench/ measures speed)
    expect(err.message).toMatch(/^policy\/versions\/2018-05-20\.yaml:6:\d+: too many alias expansions \(more than 100\); refused as a possible "billion laughs" file$/);
  });

  test('deeply nested collections are refused before parsing, without hanging', async () => {
    const depth = 1_500_000;
    const root = makePolicy({ 'versions/2018-05-20.yaml': `version: 2018-05-20\nsections: ${'['.repeat(depth)}${']'.repeat(depth)}\n` });
    const start = performance.now();
    const err = await loadError(root);
    expect(performance.now() - start).toBeLessThan(5000); // a hang guard, not a speed test (bench/ measures speed)
    expect(err.message).toBe('policy/versions/2018-05-20.yaml:2:75: collections nested more than 64 levels deep; refused without parsing');
  });

  test('brackets inside quoted and block text do not count as nesting', async () => {
    const text = VERSION.replace('      en: We store traffic data for 60 days.', `      en: "We store traffic data for 60 days. ${'['.repeat(100)}"`);
    const root = makePolicy({ 'versions/2018-05-20.yaml': text });
    await expect(loadPolicy(path.join(root, 'policy'), { root })).resolves.toBeDefined();
  });

  test('a 50 MB version file is refused by size, before parsing, without hanging', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'a: 1\n');
    const root = makePolicy({ 'versions/2018-05-20.yaml': big });
    const start = performance.now();
    const err = await loadError(root);
    expect(performance.now() - start).toBeLessThan(5000); // a hang guard, not a speed test (bench/ measures speed)
    expect(err.message).toBe('policy/versions/2018-05-20.yaml:1:1: file is 50.0 MB; policy files are limited to 4.0 MB (refused without parsing)');
  });
});

describe('dates and durations', () => {
  test.each([
    ['2018-05-20', true], ['2020-02-29', true], ['2019-02-29', false], ['2018-02-30', false], ['2018-13-01', false], ['2018-04-31', false], ['2018-5-20', false], ['20180520', false],
  ])('%s is a calendar date: %s', (s, ok) => expect(isCalendarDate(s)).toBe(ok));

  test('PT72H and P3D differ in wording and are equal in length', () => {
    const a = parseDuration('PT72H');
    const b = parseDuration('P3D');
    expect(a.text).not.toBe(b.text);
    expect(a.seconds).toBe(b.seconds);
  });
});

describe('loadPolicyAtRef reads the policy from git without a checkout', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });

  test('the policy at a commit, the working tree untouched; undefined before it existed; a bad ref is an error', async () => {
    const root = makePolicy();
    git(root, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(root, 'README'), 'x');
    git(root, 'add', 'README');
    git(root, 'commit', '-q', '-m', 'no policy yet');
    git(root, 'tag', 'before');
    git(root, 'add', 'policy');
    git(root, 'commit', '-q', '-m', 'policy');
    git(root, 'tag', 'v1');
    // the working tree moves on: the text changes and a version is added, uncommitted
    const changed = VERSION.replace('i 60 dagar', 'i 90 dagar');
    writeFileSync(path.join(root, 'policy/versions/2018-05-20.yaml'), changed);

    const atV1 = await loadPolicyAtRef(root, 'policy', 'v1');
    expect(atV1).toBeDefined();
    expect(atV1!.versions.map((v) => v.file)).toEqual(['policy/versions/2018-05-20.yaml']);
    expect(atV1!.versions[0]!.sections[0]!.text.sv).toBe('Vi lagrar trafikuppgifter i 60 dagar.');
    expect(atV1!.versions[0]!.locate(['sections', 0, 'text', 'sv'])).toMatchObject({ file: 'policy/versions/2018-05-20.yaml', line: 8 });
    expect(readFileSync(path.join(root, 'policy/versions/2018-05-20.yaml'), 'utf8')).toBe(changed);

    expect(await loadPolicyAtRef(root, 'policy', 'before')).toBeUndefined();
    await expect(loadPolicyAtRef(root, 'policy', 'no-such-ref')).rejects.toThrow(/^--base no-such-ref: no such commit/);
    await expect(loadPolicyAtRef(root, 'policy', '--output=/tmp/x')).rejects.toBeInstanceOf(PolicyError);

    // a broken file at the base names its place and the ref
    writeFileSync(path.join(root, 'policy/versions/2018-05-20.yaml'), VERSION.replace('notice: P30D', 'notice: P1M'));
    git(root, 'commit', '-q', '-am', 'broken');
    await expect(loadPolicyAtRef(root, 'policy', 'HEAD')).rejects.toThrow(/^policy\/versions\/2018-05-20\.yaml:17:13: sections\[2\]\.notice: "P1M": months are ambiguous .* \(in the policy at --base HEAD\)$/);
  });

  test('a root below the git top level, and a policy beside the root', async () => {
    const top = path.join(tmpRoot, 'mono');
    const root = path.join(top, 'services', 'sms');
    mkdirSync(path.join(root, 'policy', 'versions'), { recursive: true });
    writeFileSync(path.join(root, 'policy', 'policy.yaml'), POLICY_YAML);
    writeFileSync(path.join(root, 'policy', 'versions', '2018-05-20.yaml'), VERSION);
    mkdirSync(path.join(top, 'policy', 'versions'), { recursive: true });
    writeFileSync(path.join(top, 'policy', 'policy.yaml'), POLICY_YAML);
    writeFileSync(path.join(top, 'policy', 'versions', '2018-05-20.yaml'), VERSION.replace('i 60 dagar', 'i 61 dagar'));
    git(top, 'init', '-q', '-b', 'main');
    git(top, 'add', '.');
    git(top, 'commit', '-q', '-m', 'two policies');
    const inside = await loadPolicyAtRef(root, 'policy', 'HEAD');
    expect(inside!.versions[0]!.file).toBe('policy/versions/2018-05-20.yaml');
    expect(inside!.versions[0]!.sections[0]!.text.sv).toBe('Vi lagrar trafikuppgifter i 60 dagar.');
    const beside = await loadPolicyAtRef(root, '../../policy', 'HEAD');
    expect(beside!.versions[0]!.file).toBe('../../policy/versions/2018-05-20.yaml');
    expect(beside!.versions[0]!.sections[0]!.text.sv).toBe('Vi lagrar trafikuppgifter i 61 dagar.');
    await expect(loadPolicyAtRef(root, '../../../outside', 'HEAD')).rejects.toThrow(/outside the git repository/);
  });
});
