import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { findWrittenDurations, sentenceAt } from '../../src/policy/duration-words.js';

const D = 86400;
const H = 3600;

describe('durations written in words', () => {
  test.each<[string, Array<[string, number | undefined]>]>([
    ['Vi lagrar trafikuppgifter i 60 dagar för att', [['60 dagar', 60 * D]]],
    ['tas datan bort efter maximalt 72 timmar.', [['72 timmar', 72 * H]]],
    ['raderas automatiskt efter 14 dagar och', [['14 dagar', 14 * D]]],
    ['trafikhistorik i 90 dagar åt dig', [['90 dagar', 90 * D]]],
    ['efter två veckor', [['två veckor', 14 * D]]],
    ['i sextio dagar', [['sextio dagar', 60 * D]]],
    ['efter tre dygn', [['tre dygn', 3 * D]]],
    ['i sextiosju dagar', [['sextiosju dagar', 67 * D]]],
    ['i tjugoen dagar och hundra timmar', [['tjugoen dagar', 21 * D], ['hundra timmar', 100 * H]]],
    ['We store traffic data for 60 days.', [['60 days', 60 * D]]],
    ['deleted after at most 72 hours', [['72 hours', 72 * H]]],
    ['for sixty days', [['sixty days', 60 * D]]],
    ['after two weeks', [['two weeks', 14 * D]]],
    ['for twenty-one days or twenty one days', [['twenty-one days', 21 * D], ['twenty one days', 21 * D]]],
    ['a 30-day notice', [['30-day', 30 * D]]],
    ['for one hundred days', [['one hundred days', 100 * D]]],
    ['kept for 6 months', [['6 months', undefined]]],
    ['sparas i ett år', [['ett år', undefined]]],
  ])('%s', (text, expected) => {
    expect(findWrittenDurations(text).map((d) => [d.phrase, d.seconds])).toEqual(expected);
  });

  test.each([
    'Varje månad genereras en månadsrapport.',
    'Vi gör detta av två skäl: för att kunna visa dig',
    'Lagen om Elektronisk Kommunikation (2022:482).',
    'Du kan själv välja hur många dagar historiken skall sparas',
    'Every month a report is generated, for two reasons.',
    'We process 60 requests per day.',
    'Statistics for each day are kept.',
  ])('no duration in: %s', (text) => {
    expect(findWrittenDurations(text)).toEqual([]);
  });

  test('the sentence around a duration, for quoting the promise', () => {
    const text = 'Den här integritetspolicyn kan uppdateras vid behov. Den nya lydelsen blir gällande 30 dagar efter att den publicerats. Innan dess har du rätt att avvisa.';
    const d = findWrittenDurations(text)[0]!;
    expect(sentenceAt(text, d.index)).toBe('Den nya lydelsen blir gällande 30 dagar efter att den publicerats.');
  });
});

describe('shipped schemas are usable by editors', () => {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const yamlFiles = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(n) ? [p] : [];
    });
  const files = [...yamlFiles(path.join(repo, 'policy')), ...yamlFiles(path.join(repo, 'test/fixtures/lifecycle'))];
  test('every `# yaml-language-server: $schema=` comment points at a shipped schema', () => {
    let seen = 0;
    for (const file of files) {
      const m = /yaml-language-server: \$schema=(\S+)/.exec(readFileSync(file, 'utf8'));
      if (!m) continue;
      seen++;
      const target = path.resolve(path.dirname(file), m[1]!);
      expect([file, target]).toEqual([file, path.join(repo, 'schemas', path.basename(target))]);
      expect(statSync(target).isFile()).toBe(true);
    }
    expect(seen).toBeGreaterThan(50);
  });

  test('the schemas are valid JSON Schema (draft-07) and refuse months in durations on their own', async () => {
    const { Ajv } = await import('ajv');
    const ajv = new Ajv({ strict: true, allErrors: true });
    const version = ajv.compile(JSON.parse(readFileSync(path.join(repo, 'schemas/version.schema.json'), 'utf8')));
    const policy = ajv.compile(JSON.parse(readFileSync(path.join(repo, 'schemas/policy.schema.json'), 'utf8')));
    const base = { version: '2018-05-20', published: '2018-05-10', effective: '2018-05-20', sections: [{ id: 'updates', notice: 'P30D' }] };
    expect(version(base)).toBe(true);
    for (const notice of ['P1M', 'P1Y', '30 days', 'P', 'PT', 'P1DT']) expect(version({ ...base, sections: [{ id: 'updates', notice }] })).toBe(false);
    for (const notice of ['PT72H', 'P3D', 'P2W', 'PT90M', 'P1DT12H']) expect(version({ ...base, sections: [{ id: 'updates', notice }] })).toBe(true);
    expect(version({ ...base, extra: 1 })).toBe(false);
    expect(policy({ id: 'x', organization: 'X', title: { sv: 'T' }, languages: { authoritative: 'sv' }, timezone: 'Europe/Stockholm' })).toBe(true);
    expect(policy({ id: 'x', organization: 'X', title: { sv: 'T' }, languages: { authoritative: 'sv' }, timezone: 'Europe/Stockholm', colour: 'red' })).toBe(false);
  });
});
