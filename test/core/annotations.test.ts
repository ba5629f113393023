import { describe, expect, it } from 'vitest';
import { parseAnnotations, unitFromName } from '../../src/core/annotations.js';

describe('parseAnnotations', () => {
  it.each([
    ['@category traffic-data', [{ tag: 'category', ids: ['traffic-data'], line: 1, column: 1 }]],
    ['@category traffic-data, abuse -- note', [{ tag: 'category', ids: ['traffic-data', 'abuse'], line: 1, column: 1 }]],
    [' * @retention debug-data.min unit=days', [{ tag: 'retention', id: 'debug-data', bound: 'min', unit: 'days', line: 1, column: 4 }]],
    ['@retention api-traffic', [{ tag: 'retention', id: 'api-traffic', bound: 'max', unit: undefined, line: 1, column: 1 }]],
    ['Deletes.\n * @implements traffic-history.delete */', [{ tag: 'implements', id: 'traffic-history', promise: 'delete', line: 2, column: 4 }]],
    ['@policy-ignore retention-missing -- archived by OPS-12 until 2027-01-31', [{ tag: 'policy-ignore', rule: 'retention-missing', reason: 'archived by OPS-12', until: '2027-01-31', line: 1, column: 1 }]],
    ['@policy-ignore retention-missing', [{ tag: 'policy-ignore', rule: 'retention-missing', reason: undefined, until: undefined, line: 1, column: 1 }]],
    ["Traffic log. @category traffic-data'", [{ tag: 'category', ids: ['traffic-data'], line: 1, column: 14 }]],
  ])('%j', (text, expected) => {
    expect(parseAnnotations(text)).toEqual(expected);
  });

  it('reports malformed tags as invalid, with their position', () => {
    expect(parseAnnotations('x\n  @implements traffic-history')).toEqual([
      { tag: 'invalid', message: '@implements: "traffic-history" must be <category>.<promise>, e.g. traffic-history.delete', line: 2, column: 3 },
    ]);
    expect(parseAnnotations('@category Traffic')[0].tag).toBe('invalid');
  });

  it('reads a tag typed in another case, with a note giving the canonical form', () => {
    expect(parseAnnotations('@Category traffic-data\n@RETENTION debug-data.max')).toEqual([
      { tag: 'invalid', code: 'annotation-hint', message: '"@Category" is read as "@category"; write it "@category" (tags are lower case)', line: 1, column: 1 },
      { tag: 'category', ids: ['traffic-data'], line: 1, column: 1 },
      { tag: 'invalid', code: 'annotation-hint', message: '"@RETENTION" is read as "@retention"; write it "@retention" (tags are lower case)', line: 2, column: 1 },
      { tag: 'retention', id: 'debug-data', bound: 'max', unit: undefined, line: 2, column: 1 },
    ]);
  });

  it.each([
    ['@category stati\u0441tics', 'U+0441 CYRILLIC SMALL LETTER ES'],
    ['@category deb\u200bug-data', 'U+200B ZERO WIDTH SPACE'],
    ['@retention debug\u2013data.max', 'U+2013 EN DASH'],
    ['@implements traffic\u2011history.delete', 'U+2011 NON-BREAKING HYPHEN'],
  ])('names the look-alike character in %j', (text, name) => {
    const [a] = parseAnnotations(text);
    expect(a!.tag).toBe('invalid');
    expect(a!.tag === 'invalid' && a!.message).toContain(`it holds ${name}`);
  });

  it('says when a tag itself is written with a look-alike letter, naming it', () => {
    expect(parseAnnotations('x @c\u0430tegory debug-data')).toEqual([
      { tag: 'invalid', message: '"@c\u0430tegory" looks like "@category" but holds U+0430 CYRILLIC SMALL LETTER A; it is not read as a tag', line: 1, column: 3 },
    ]);
    expect(parseAnnotations('mail ops@catégorie.example')).toEqual([]);
  });

  it('does not read prose about tags as tags', () => {
    expect(parseAnnotations('A `@category`/`@retention` reference written in the code')).toEqual([]);
    expect(parseAnnotations('mail ops@category.example.com')).toEqual([]);
  });

  it('takes linear time on a long line of spaces', () => {
    const r = parseAnnotations(`@implements a.delete${' '.repeat(200_000)}*`);
    expect(r).toEqual([{ tag: 'implements', id: 'a', promise: 'delete', line: 1, column: 1 }]);
  });
});

describe('unitFromName', () => {
  it.each([
    ['TRAFFIC_RETENTION_DAYS', 'd'], ['debugTtlMs', 'ms'], ['PAYLOAD_MAX_HOURS', 'h'], ['historySeconds', 's'], ['RETENTION', undefined],
  ])('%s → %s', (name, unit) => {
    expect(unitFromName(name)).toBe(unit);
  });
});
