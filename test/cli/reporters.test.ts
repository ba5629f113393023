/** Presentation of findings: what each reporter shows of a message, and what it escapes. */
import { describe, expect, it } from 'vitest';
import { oneLine } from '../../src/report/stylish.js';
import { escapeMarkdown } from '../../src/report/markdown.js';
import { useColor } from '../../src/commands/output.js';
import { redactUrl } from '../../src/commands/check.js';
import { ensureBuilt, runCli } from '../support/cli.js';
import { beforeAll } from 'vitest';

beforeAll(() => ensureBuilt(), 300_000);

describe('stylish keeps one short line per finding', () => {
  it('the line has no quote of the policy; --verbose, JSON and SARIF have the whole promise', () => {
    const stylish = runCli(['policy', 'validate', '--at', '2026-11-28']);
    const line = stylish.stdout.split('\n').find((l) => l.includes('category customer-data'))!;
    expect(line).toMatch(/holds personal data \(name, email, phone-number, postal-address\) but states no retention  category-without-retention$/);
    expect(line).not.toContain('"');
    expect(line.length).toBeLessThan(220);

    const verbose = runCli(['policy', 'validate', '--at', '2026-11-28', '--verbose']).stdout.split('\n');
    const at = verbose.findIndex((l) => l.includes('category customer-data'));
    expect(verbose[at + 1]).toMatch(/^ +sv: "Vi lagrar de uppgifter ni angett vid kontoskapandet/);
    expect(verbose[at + 2]).toMatch(/^ +en: "We store the details you provided/);

    const json = JSON.parse(runCli(['policy', 'validate', '--at', '2026-11-28', '--format', 'json']).stdout) as { findings: Array<{ message: string; promise: Record<string, string> }> };
    const f = json.findings.find((x) => x.message.startsWith('category customer-data'))!;
    expect(Object.keys(f.promise)).toEqual(['sv', 'en']);
    expect(f.promise.en).toMatch(/^We store the details you provided/);
    const sarif = JSON.parse(runCli(['policy', 'validate', '--at', '2026-11-28', '--format', 'sarif']).stdout) as { runs: Array<{ results: Array<{ message: { text: string } }> }> };
    const r = sarif.runs[0]!.results.find((x) => x.message.text.startsWith('category customer-data'))!;
    expect(r.message.text).toContain(`Policy: "${f.promise.sv}" (en: "${f.promise.en}")`);
  });
});

describe('terminal text', () => {
  it('control characters become spaces, bidi controls their code point', () => {
    expect(oneLine('a\u001b[2Jb\nc\u202Ed')).toBe('a [2Jb c<U+202E>d');
  });
});

describe('markdown escaping', () => {
  it('no mention, no HTML, no table break, no link, no code span', () => {
    const s = escapeMarkdown('@implements a|b <img src=x> [x](http://e) `c` \u202E');
    expect(s).not.toMatch(/@[A-Za-z]/);
    expect(s).toContain('@\u200Bimplements');
    expect(s).not.toMatch(/<img/);
    expect(s).not.toMatch(/(^|[^\\])[|`[\]()]/);
    expect(s).toContain('U\\+202E'); // renders as U+202E
    expect(s).not.toContain('\u202E');
  });
});

describe('colour', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
  ] as Array<[NodeJS.ProcessEnv, boolean, boolean]>)('env %j on a tty=%s → %s', (env, tty, expected) => {
    expect(useColor(env, tty)).toBe(expected);
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgres://u:pw@h:5432/db', 'postgres://u:***@h:5432/db'],
    ['postgres://h/db?password=pw&user=u', 'postgres://h/db?password=***&user=u'],
    ['postgres://h/db?sslpassword=pw', 'postgres://h/db?sslpassword=***'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['not a url with password=pw', '(unparseable URL)'],
  ])('%s → %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
