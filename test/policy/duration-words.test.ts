import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { findWrittenDurations, sentenceAt } from '../../src/policy/duration-words.js';

const D = 86400;
const H = 3600;

describe('durations written in words', () => {
  test.each<[string, string, Array<[string, number | undefined]>]>([
    ['sv', 'Vi lagrar trafikuppgifter i 60 dagar för att', [['60 dagar', 60 * D]]],
    ['sv', 'tas datan bort efter maximalt 72 timmar.', [['72 timmar', 72 * H]]],
    ['sv', 'raderas automatiskt efter 14 dagar och', [['14 dagar', 14 * D]]],
    ['sv', 'trafikhistorik i 90 dagar åt dig', [['90 dagar', 90 * D]]],
    ['sv', 'efter två veckor', [['två veckor', 14 * D]]],
    ['sv', 'i sextio dagar', [['sextio dagar', 60 * D]]],
    ['sv', 'efter tre dygn', [['tre dygn', 3 * D]]],
    ['sv', 'i sextiosju dagar', [['sextiosju dagar', 67 * D]]],
    ['sv', 'i tjugoen dagar och hundra timmar', [['tjugoen dagar', 21 * D], ['hundra timmar', 100 * H]]],
    ['en', 'We store traffic data for 60 days.', [['60 days', 60 * D]]],
    ['en', 'deleted after at most 72 hours', [['72 hours', 72 * H]]],
    ['en', 'for sixty days', [['sixty days', 60 * D]]],
    ['en', 'after two weeks', [['two weeks', 14 * D]]],
    ['en', 'for twenty-one days or twenty one days', [['twenty-one days', 21 * D], ['twenty one days', 21 * D]]],
    ['en', 'a 30-day notice', [['30-day', 30 * D]]],
    ['en', 'for one hundred days', [['one hundred days', 100 * D]]],
    ['en', 'kept for 6 months', [['6 months', undefined]]],
    ['sv', 'sparas i ett år', [['ett år', undefined]]],
    // Danish counts 50–90 in scores and puts the ones first
    ['da', 'Vi gemmer trafikdata i 60 dage.', [['60 dage', 60 * D]]],
    ['da', 'slettes efter tres dage', [['tres dage', 60 * D]]],
    ['da', 'i halvfems dage og enogtyve timer', [['halvfems dage', 90 * D], ['enogtyve timer', 21 * H]]],
    ['da', 'opbevares i to uger', [['to uger', 14 * D]]],
    ['da', 'i syvogtres døgn', [['syvogtres døgn', 67 * D]]],
    ['nb', 'Vi lagrer trafikkdata i seksti dager, eller tjueen døgn', [['seksti dager', 60 * D], ['tjueen døgn', 21 * D]]],
    ['nb', 'slettes etter enogtjue dager og 72 timer', [['enogtjue dager', 21 * D], ['72 timer', 72 * H]]],
    ['fi', 'Säilytämme liikennetietoja 60 päivää.', [['60 päivää', 60 * D]]],
    ['fi', 'poistetaan kahdeksantoista tunnin kuluttua', [['kahdeksantoista tunnin', 18 * H]]],
    ['fi', 'säilytetään kaksikymmentäyksi vuorokautta', [['kaksikymmentäyksi vuorokautta', 21 * D]]],
    ['de', 'Wir speichern Verkehrsdaten 60 Tage lang.', [['60 Tage', 60 * D]]],
    ['de', 'nach einundzwanzig Tagen und zweiundsiebzig Stunden gelöscht', [['einundzwanzig Tagen', 21 * D], ['zweiundsiebzig Stunden', 72 * H]]],
    ['de-AT', 'nach sechzig Tagen', [['sechzig Tagen', 60 * D]]],
  ])('%s: %s', (lang, text, expected) => {
    expect(findWrittenDurations(text, lang).map((d) => [d.phrase, d.seconds])).toEqual(expected);
  });

  test.each([
    ['sv', 'Varje månad genereras en månadsrapport.'],
    ['sv', 'Vi gör detta av två skäl: för att kunna visa dig'],
    ['sv', 'Lagen om Elektronisk Kommunikation (2022:482).'],
    ['sv', 'Du kan själv välja hur många dagar historiken skall sparas'],
    ['en', 'Every month a report is generated, for two reasons.'],
    ['en', 'We process 60 requests per day.'],
    ['en', 'Statistics for each day are kept.'],
    ['da', 'Hver dag laves en rapport.'],
    ['de', 'Jeden Monat erstellen wir einen Bericht.'],
  ])('%s: no duration in: %s', (lang, text) => {
    expect(findWrittenDurations(text, lang)).toEqual([]);
  });

  test('a language with no data file is refused, naming the file to add', () => {
    expect(() => findWrittenDurations('60 dias', 'pt-BR')).toThrow(/no language data for "pt-BR": add rules\/languages\/pt\.yaml/);
  });

  test('the sentence around a duration, for quoting the promise', () => {
    const text = 'Den här integritetspolicyn kan uppdateras vid behov. Den nya lydelsen blir gällande 30 dagar efter att den publicerats. Innan dess har du rätt att avvisa.';
    const d = findWrittenDurations(text, 'sv')[0]!;
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
    ajv.compile(JSON.parse(readFileSync(path.join(repo, 'schemas/language.schema.json'), 'utf8')));
    const base = { version: '2018-05-20', published: '2018-05-10', effective: '2018-05-20', sections: [{ id: 'updates', notice: 'P30D' }] };
    expect(version(base)).toBe(true);
    for (const notice of ['P1M', 'P1Y', '30 days', 'P', 'PT', 'P1DT']) expect(version({ ...base, sections: [{ id: 'updates', notice }] })).toBe(false);
    for (const notice of ['PT72H', 'P3D', 'P2W', 'PT90M', 'P1DT12H']) expect(version({ ...base, sections: [{ id: 'updates', notice }] })).toBe(true);
    expect(version({ ...base, extra: 1 })).toBe(false);
    expect(policy({ id: 'x', organization: 'X', title: { sv: 'T' }, languages: { authoritative: 'sv' }, timezone: 'Europe/Stockholm' })).toBe(true);
    expect(policy({ id: 'x', organization: 'X', title: { sv: 'T' }, languages: { authoritative: 'sv' }, timezone: 'Europe/Stockholm', colour: 'red' })).toBe(false);
  });
});
