/**
 * The bundled policy (policy/) is the real 46elks privacy policy of 2018-05-20. These tests prove
 * that its Swedish wording is the published page, word for word and in page order (the seed text is
 * kept beside this test), that every text has an English translation confirmed in
 * translations.lock, and that the sections carry the fixed ids annotations use.
 * The YAML is read with `yaml` directly, independent of the product's loader.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const policyDir = join(root, 'policy');

interface Localized {
  sv?: unknown;
  en?: unknown;
}
interface SectionYaml {
  id: string;
  heading?: Localized;
  text?: Localized;
  category?: { retention?: Record<string, unknown> };
  notice?: string;
}
interface VersionYaml {
  version: string;
  published: string;
  effective: string;
  summary?: Localized;
  sections: SectionYaml[];
}
interface LockYaml {
  version: number;
  pairs: { version: string; key: string; sv: string; en: string }[];
}

const readYaml = <T>(file: string): T => parse(readFileSync(file, 'utf8')) as T;
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const identity = readYaml<{ title: Localized }>(join(policyDir, 'policy.yaml'));
const versionFile = join(policyDir, 'versions', '2018-05-20.yaml');
const version = readYaml<VersionYaml>(versionFile);
const lock = readYaml<LockYaml>(join(policyDir, 'translations.lock'));

/** The seed as published, split into paragraphs on blank lines. */
const seedParagraphs = readFileSync(join(here, 'integritetspolicy-2018-05-20.sv.txt'), 'utf8')
  .split(/\n[ \t]*\n/)
  .map((paragraph) => paragraph.trim())
  .filter((paragraph) => paragraph.length > 0);

const FIXED_IDS = [
  'introduction',
  'customer-data',
  'card-purchases',
  'api-traffic',
  'traffic-data',
  'debug-data',
  'traffic-history',
  'monthly-reports',
  'statistics',
  'abuse',
  'storage',
  'updates',
];

/** The Swedish page as the policy renders it: each section's heading, then its text's paragraphs. */
function policyParagraphsSv(): string[] {
  const paragraphs: string[] = [];
  for (const section of version.sections) {
    if (section.heading !== undefined) paragraphs.push(String(section.heading.sv));
    paragraphs.push(...String(section.text?.sv).split('\n\n'));
  }
  return paragraphs;
}

/** Every translatable (key, pair) of the version, named as translations.lock names them. */
function translatablePairs(): { key: string; pair: Localized }[] {
  const pairs: { key: string; pair: Localized }[] = [{ key: 'title', pair: identity.title }];
  if (version.summary !== undefined) pairs.push({ key: 'summary', pair: version.summary });
  for (const section of version.sections) {
    if (section.heading !== undefined) pairs.push({ key: `sections.${section.id}.heading`, pair: section.heading });
    if (section.text !== undefined) pairs.push({ key: `sections.${section.id}.text`, pair: section.text });
  }
  return pairs;
}

describe('the seed is encoded verbatim', () => {
  const [title, effectiveLine, publishedLine, ...body] = seedParagraphs.flatMap((p, i) =>
    i === 1 ? p.split('\n') : [p],
  );

  it('takes the title and dates from the seed', () => {
    expect(title).toBe('Integritetspolicy');
    expect(identity.title.sv).toBe(title);
    expect(effectiveLine).toBe(`Gäller från och med ${version.effective}.`);
    expect(publishedLine).toBe(`Publicerad ${version.published}.`);
    expect(version.version).toBe(version.effective);
  });

  it('keeps every paragraph of the seed unchanged in a heading or text', () => {
    const encoded = new Set(policyParagraphsSv());
    const missing = body.filter((paragraph) => !encoded.has(paragraph));
    expect(missing).toEqual([]);
    expect(body.length).toBeGreaterThan(20);
  });

  it('adds no Swedish wording of its own and keeps the page order', () => {
    expect(policyParagraphsSv()).toEqual(body);
  });

  it('separates paragraphs by exactly one blank line with no stray spaces', () => {
    for (const section of version.sections) {
      for (const text of [section.text?.sv, section.text?.en, section.heading?.sv, section.heading?.en]) {
        if (text === undefined) continue;
        expect(String(text)).not.toMatch(/^\s|\s$|[ \t]\n|\n[ \t]|\n{3,}/);
      }
    }
  });
});

describe('sections', () => {
  it('carry exactly the fixed ids, in page order', () => {
    expect(version.sections.map((section) => section.id)).toEqual(FIXED_IDS);
  });

  it('have Swedish and English text, and headings in both languages or neither', () => {
    for (const section of version.sections) {
      expect(typeof section.text?.sv, section.id).toBe('string');
      expect(typeof section.text?.en, section.id).toBe('string');
      expect(String(section.text?.en).split('\n\n').length, `${section.id}: paragraphs`).toBe(
        String(section.text?.sv).split('\n\n').length,
      );
      if (section.heading !== undefined) {
        expect(typeof section.heading.sv, section.id).toBe('string');
        expect(typeof section.heading.en, section.id).toBe('string');
      }
    }
    expect(typeof identity.title.en).toBe('string');
  });

  it('write the same durations, in digits, in Swedish and English', () => {
    const durations = (text: string, units: Record<string, string>): string[] =>
      [...text.matchAll(/(\d+)\s+(\p{L}+)/gu)]
        .filter((match) => units[match[2]!.toLowerCase()] !== undefined)
        .map((match) => `${match[1]} ${units[match[2]!.toLowerCase()]}`);
    for (const section of version.sections) {
      const sv = durations(String(section.text?.sv), { dagar: 'D', dag: 'D', timmar: 'H', timme: 'H' });
      const en = durations(String(section.text?.en), { days: 'D', day: 'D', hours: 'H', hour: 'H' });
      expect(en, section.id).toEqual(sv);
    }
  });
});

describe('translations.lock', () => {
  it('is format version 1', () => {
    expect(lock.version).toBe(1);
  });

  it('confirms the current Swedish and English of every entry', () => {
    const current = new Map(translatablePairs().map(({ key, pair }) => [key, pair]));
    for (const entry of lock.pairs) {
      expect(entry.version, entry.key).toBe(version.version);
      const pair = current.get(entry.key);
      expect(pair, `${entry.key} is not in the policy`).toBeDefined();
      expect(entry.sv, `${entry.key}: Swedish changed since confirmed`).toBe(sha256(String(pair?.sv)));
      expect(entry.en, `${entry.key}: English changed since confirmed`).toBe(sha256(String(pair?.en)));
    }
  });

  it('has an entry for every translatable text, sorted by version then key', () => {
    const keys = lock.pairs.map((entry) => entry.key);
    expect([...keys].sort()).toEqual(translatablePairs().map(({ key }) => key).sort());
    expect(keys).toEqual([...keys].sort());
  });
});
