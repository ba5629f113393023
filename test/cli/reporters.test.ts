/** Presentation of findings: what each reporter shows of a message, and what it escapes. */
import { describe, expect, it } from 'vitest';
import { clipQuotes, oneLine, STYLISH_QUOTE_LIMIT } from '../../src/report/stylish.js';
import { escapeMarkdown } from '../../src/report/markdown.js';
import { useColor } from '../../src/commands/output.js';
import { redactUrl } from '../../src/commands/check.js';
import { ensureBuilt, runCli } from '../support/cli.js';
import { beforeAll } from 'vitest';

beforeAll(() => ensureBuilt(), 300_000);

const LONG_EN = 'We store the details you provided when creating your account, as well as the contact details and information you have added to your account, in order to know whom to contact.';
const LONG_SV = 'Vi lagrar de uppgifter ni angett vid kontoskapandet samt de kontaktuppgifter och upplysningar ni kompletterat ert konto med för att veta vem vi skall kontakta gällande tjänsterna.';

describe('stylish clips long policy quotes', () => {
  it('cuts each long quote at a word, with an ellipsis, and keeps the rest of the message', () => {
    const message = `category customer-data states no retention: "${LONG_EN}" (sv: "${LONG_SV}")`;
    const shown = clipQuotes({ message, promise: { en: LONG_EN, sv: LONG_SV } });
    const quotes = [...shown.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect(quotes).toHaveLength(2);
    for (const [q, full] of [[quotes[0], LONG_EN], [quotes[1], LONG_SV]]) {
      expect(q.length).toBeLessThanOrEqual(STYLISH_QUOTE_LIMIT);
      expect(q.endsWith('…')).toBe(true);
      // The kept part is the promise's own words, cut where a word ends.
      const kept = q.slice(0, -1);
      expect(full.startsWith(kept)).toBe(true);
      expect(full.charAt(kept.length)).toMatch(/[\s,]/);
    }
    expect(shown.startsWith('category customer-data states no retention: "We store')).toBe(true);
    expect(shown).toMatch(/\(sv: "Vi lagrar .*…"\)$/);
  });

  it('leaves short quotes, messages without a promise, and text that is not the quote alone', () => {
    const short = 'Data is stored within the EU.';
    expect(clipQuotes({ message: `outside EU. Policy: "${short}"`, promise: { en: short } })).toBe(`outside EU. Policy: "${short}"`);
    expect(clipQuotes({ message: `no promise: ${LONG_EN}` })).toBe(`no promise: ${LONG_EN}`);
    // The promise text unquoted in the message is not a quote; it stays.
    expect(clipQuotes({ message: `text ${LONG_EN}`, promise: { en: LONG_EN } })).toBe(`text ${LONG_EN}`);
  });

  it('never splits a character made of two UTF-16 units', () => {
    const emoji = '😀'.repeat(200);
    const shown = clipQuotes({ message: `"${emoji}"`, promise: { en: emoji } });
    expect(shown).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(shown.endsWith('…"')).toBe(true);
  });

  it('the CLI shows the clipped quote in stylish and the whole one in JSON', () => {
    const stylish = runCli(['policy', 'validate', '--at', '2026-11-28']);
    const line = stylish.stdout.split('\n').find((l) => l.includes('category customer-data'))!;
    expect(line).toMatch(/"We store the details you provided[^"]*…" \(sv: "Vi lagrar[^"]*…"\)  category-without-retention$/);
    const json = JSON.parse(runCli(['policy', 'validate', '--at', '2026-11-28', '--format', 'json']).stdout) as { findings: Array<{ message: string; promise: { en: string } }> };
    const f = json.findings.find((x) => x.message.startsWith('category customer-data'))!;
    expect(f.message).toContain(`"${f.promise.en}"`);
    expect(f.message).not.toContain('…');
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
