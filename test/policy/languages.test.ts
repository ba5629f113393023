/** The per-language data files (rules/languages/<tag>.yaml) the checker reads. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { durationInWords, languageData, languageFileOf, shippedLanguages } from '../../src/policy/languages.js';
import { REPO } from '../support/cli.js';

describe('language data', () => {
  it('ships sv, en, da, nb, fi and de, each valid and named after its tag', () => {
    expect(shippedLanguages()).toEqual(expect.arrayContaining(['da', 'de', 'en', 'fi', 'nb', 'sv']));
    for (const tag of shippedLanguages()) {
      const d = languageData(tag);
      expect(d.fileTag).toBe(tag);
      expect(d.units.size).toBeGreaterThanOrEqual(14);
      expect(d.policyTitle, tag).toBeTruthy();
    }
  });

  it('a region tag uses its own file, else its primary language; another language has none', () => {
    expect(path.basename(languageFileOf('de-AT')!)).toBe('de.yaml');
    expect(languageFileOf('pt')).toBeUndefined();
    expect(() => languageData('pt')).toThrow(/no language data for "pt": add rules\/languages\/pt\.yaml .*Shipped: da, de, en, fi, nb, sv/);
    expect(() => languageData('not a tag')).toThrow(/not a BCP 47 language tag/);
  });

  it('the page: key belongs to publish: the checker accepts any content there and reads none of it', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(REPO, 'schemas/language.schema.json'), 'utf8')));
    const en = { tag: 'en', name: 'English', numbers: { words: { one: 1 } }, units: Object.fromEntries(['second', 'minute', 'hour', 'day', 'week', 'month', 'year'].map((u) => [u, [u, `${u}s`]])) };
    expect(validate({ ...en, page: { banner: 'A new version takes effect on {date}', headings: { archive: 'All versions' } } })).toBe(true);
    expect(validate({ ...en, pages: {} })).toBe(false);
  });

  it('writes durations in the language\'s own units', () => {
    expect(durationInWords(60 * 86400, 'da')).toBe('60 dage');
    expect(durationInWords(86400, 'da')).toBe('1 dag');
    expect(durationInWords(36 * 3600, 'de')).toBe('36 Stunden');
    expect(durationInWords(72 * 3600, 'de')).toBe('3 Tage');
    expect(durationInWords(2 * 86400, 'fi')).toBe('2 päivää');
  });
});
