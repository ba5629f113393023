import { describe, expect, it } from 'vitest';
import { parseAnnotations } from '../../../src/core/annotations.js';
import { mayAnnotate } from '../../../src/sources/sql/file-context.js';

// mayAnnotate() lets the SQL source skip comment lookups (and TypeScript parent links) in files that
// cannot hold a tag: it must say yes to every text parseAnnotations() reads anything from.
describe('mayAnnotate', () => {
  const tagged = [
    '-- @category customer-contact',
    '/* @Category customer-contact */',
    '// @RETENTION sms.max unit=days',
    '@implements traffic-history.delete',
    '-- @policy-ignore forbidden-type -- legacy until 2027-01-01',
    '-- @cаtegory customer-contact', // Cyrillic а
    '-- @categоry customer-contact', // Greek ο
    '-- @p\u043elicy-ignore x -- y', // Cyrillic о
    '-- @category', // a tag without ids is still read (and reported)
  ];
  it.each(tagged)('says yes where parseAnnotations reads something: %s', (text) => {
    expect(parseAnnotations(text).length).toBeGreaterThan(0);
    expect(mayAnnotate(text)).toBe(true);
  });

  const untagged = ["/** @type {import('sequelize-cli').Migration} */", '-- mail ops@example.com', '// @ts-check', '@param name the table'];
  it.each(untagged)('says no where parseAnnotations reads nothing: %s', (text) => {
    expect(parseAnnotations(text)).toEqual([]);
    expect(mayAnnotate(text)).toBe(false);
  });
});
