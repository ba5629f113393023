import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Lang, LocalizedText } from '../../src/core/types.js';
import { loadPolicy } from '../../src/policy/load.js';
import { buildSite, PublishError } from '../../src/publish/index.js';
import { BASE_SECTIONS, page, policy, twoVersions, version, visible, withSection, type SectionSpec } from './factory.js';

/**
 * The layered notice ("at a glance"), generated headings, the banner as a notice, the landing page,
 * page metadata, the feed's links to diffs, and the page wording in every shipped language.
 */

const repo = path.resolve(import.meta.dirname, '../..');
const realPolicy = () => loadPolicy(path.join(repo, 'policy'), { root: repo });

/** The glance block as lines: one per heading, paragraph and list item. */
function glanceLines(html: string): string[] {
  const block = /<section class="glance"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  return block
    .split(/<\/(?:h2|h3|p|li)>/)
    .map((part) => visible(part).trim())
    .filter(Boolean);
}

describe('at a glance, for the bundled policy', () => {
  it('says in Swedish, word for word, what the rules of the version say', async () => {
    const { files } = buildSite(await realPolicy(), { at: '2026-11-28' });
    expect(glanceLines(page(files, 'sv/index.html'))).toEqual([
      'I korthet',
      'En sammanfattning av reglerna i den här versionen; den fullständiga texten nedan gäller.',
      'Hur länge vi sparar uppgifterna',
      'Kunduppgifter: ingen tid angiven',
      'Kortköp: ingen tid angiven',
      'API-trafik: raderas när uppdraget slutförts, senast efter 72 timmar',
      'Trafikuppgifter: sparas i 60 dagar, krävs enligt lag',
      'Felsökningsdata: raderas efter 14 dagar',
      'Trafikhistorik: du väljer; 90 dagar om du inte ändrar det',
      'Månadsrapporter: ingen tid angiven',
      'Statistik: ingen tid angiven',
      'Missbruk: ingen tid angiven',
      'Det här sparar vi aldrig',
      'Kortköp: kortnummer, kortets säkerhetskod',
      'Statistik: telefonnummer, IP-adress',
      'Var uppgifterna lagras',
      'Inom EU',
      'Det här kan du göra',
      'Trafikhistorik: ta bort uppgifterna, välja hur länge de sparas, stänga av lagringen',
      'Månadsrapporter: ta bort uppgifterna, stänga av lagringen',
    ]);
  });

  it('says the same in English, word for word', async () => {
    const { files } = buildSite(await realPolicy(), { at: '2026-11-28' });
    expect(glanceLines(page(files, 'en/2018-05-20/index.html'))).toEqual([
      'At a glance',
      'A summary drawn from the rules of this version; the full text below applies.',
      'How long we keep data',
      'Customer details: no period stated',
      'Card purchases: no period stated',
      'API traffic: deleted when the work is completed, after 72 hours at the latest',
      'Traffic data: kept 60 days, required by law',
      'Debugging data: deleted after 14 days',
      'Traffic history: you choose; 90 days unless you change it',
      'Monthly reports: no period stated',
      'Statistics: no period stated',
      'Abuse: no period stated',
      'What we never keep',
      'Card purchases: card number, card security code',
      'Statistics: phone number, IP address',
      'Where data is stored',
      'Within the EU',
      'What you can do',
      'Traffic history: delete the data, choose how long it is kept, turn storage off',
      'Monthly reports: delete the data, turn storage off',
    ]);
  });

  it('links every item to its section, and stands before the first section', async () => {
    const { files } = buildSite(await realPolicy(), { at: '2026-11-28' });
    const html = page(files, 'sv/index.html');
    const block = /<section class="glance"[\s\S]*?<\/section>/.exec(html)![0];
    const targets = [...block.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]!);
    expect(targets).toHaveLength(14);
    for (const id of targets) expect(html).toContain(`<section id="${id}">`);
    expect(html.indexOf('<section class="glance"')).toBeLessThan(html.indexOf('<section id="introduction">'));
  });

  it('follows the rules, not the text: a changed retention changes the notice of that version only', () => {
    const { files } = buildSite(twoVersions(), { at: '2027-01-15' });
    expect(glanceLines(page(files, 'en/index.html'))).toContain('Traffic data: kept 90 days, required by law');
    expect(glanceLines(page(files, 'en/2018-05-20/index.html'))).toContain('Traffic data: kept 60 days, required by law');
  });

  it('says each shape of retention in plain words', () => {
    const shapes: Array<[SectionSpec['category'], string]> = [
      [{ retention: { min: 'P30D' } }, 'kept at least 30 days'],
      [{ retention: { min: 'P30D', max: 'P90D' } }, 'kept at least 30 days and at most 90 days'],
      [{ retention: { default: 'P7D' } }, 'kept 7 days by default'],
      [{ retention: { max: 'P1W', configurable: true } }, 'you choose; at most 1 week'],
      [{ retention: { until: 'contract-end' } }, 'deleted when the contract ends'],
      [{ retention: { until: 'account-closed', max: 'P2D' } }, 'deleted when account closed, after 2 days at the latest'],
      [{ retention: { max: 'P1DT12H' } }, 'deleted after 36 hours'],
      [{ retention: { configurable: true } }, 'you choose how long'],
    ];
    for (const [category, words] of shapes) {
      const p = policy([version('2018-05-20', '2018-05-10', withSection('traffic-data', { category: { holds: ['ip-address'], ...category } }))]);
      expect(glanceLines(page(buildSite(p, { at: '2026-11-28' }).files, 'en/index.html'))).toContain(`Traffic data: ${words}`);
    }
  });

  it('names a country of storage, and an event a retention lasts until, in words (the webshop fixture)', async () => {
    const p = await loadPolicy(path.join(repo, 'test/fixtures/generality/webshop-se/policy'), { root: repo });
    const { files } = buildSite(p, { at: '2026-11-28' });
    expect(glanceLines(page(files, 'en/index.html'))).toEqual(expect.arrayContaining(['Newsletter: deleted when you unsubscribe', 'In Sweden']));
    expect(glanceLines(page(files, 'sv/index.html'))).toEqual(expect.arrayContaining(['Nyhetsbrev: raderas när du avregistrerar dig', 'I Sverige']));
  });

  it('leaves the notice off a version with no rules', () => {
    const p = policy([version('2018-05-20', '2018-05-10', [{ id: 'intro', text: { sv: 'Hej.', en: 'Hello.' } }])]);
    expect(page(buildSite(p, { at: '2026-11-28' }).files, 'sv/index.html')).not.toContain('class="glance"');
  });
});

describe('every section has its heading', () => {
  it('generates the storage and introduction headings from what the sections are, without touching the policy text', async () => {
    const p = await realPolicy();
    expect(p.versions[0]!.sections.find((s) => s.id === 'storage')!.heading).toBeUndefined();
    const { files } = buildSite(p, { at: '2026-11-28' });
    expect(page(files, 'sv/index.html')).toMatch(/<section id="storage">\n<h2 dir="auto" class="generated">Var uppgifterna lagras<\/h2>\n<p dir="auto">Lagring av data sker inom EU.<\/p>/);
    expect(page(files, 'en/index.html')).toMatch(/<section id="storage">\n<h2 dir="auto" class="generated">Where data is stored<\/h2>/);
    expect(page(files, 'en/index.html')).toMatch(/<section id="introduction">\n<h2 dir="auto" class="generated">Introduction<\/h2>/);
    for (const [name, html] of files) {
      if (!/^(sv|en)\/(\d{4}-\d{2}-\d{2}\/)?index\.html$/.test(name)) continue;
      for (const m of html.matchAll(/<section id="[^"]+">\n(<[a-z0-9]+)/g)) expect(m[1], name).toBe('<h2');
    }
  });
});

describe('the banner of a pending version', () => {
  it('reads as a notice with the new version’s summary and a link to the diff', () => {
    const { files } = buildSite(twoVersions(), { at: '2026-11-28' });
    const banner = /<section class="banner"[\s\S]*?<\/section>/.exec(page(files, 'en/index.html'))![0];
    expect(visible(banner).replace(/\s+/g, ' ').trim()).toBe(
      'We are updating our privacy policy A new version was published on 15 November 2026 and takes effect on 20 December 2026, in 22 days. What changes: Traffic data is kept for 90 days. Read the new wording (2026-12-20) See what changes (2026-12-20) You have the right to reject the changes and cancel your account at no extra cost before they take effect. Read more in the section Updates.',
    );
    expect(banner).toContain('<a href="2026-12-20/diff/">See what changes');
  });
});

describe('the landing page at the root', () => {
  it('names the organisation, and in each language the title, the version in force and the pending one', () => {
    const { files } = buildSite(twoVersions(), { at: '2026-11-28' });
    const root = page(files, 'index.html');
    expect(root).toContain('<h1 class="brand"><span dir="auto">Acme AB</span></h1>');
    const blocks = [...root.matchAll(/<section[^>]*aria-labelledby="policyproof-landing-[^"]+">([\s\S]*?)<\/section>/g)].map((m) => visible(m[1]!).replace(/\s+/g, ' ').trim());
    expect(blocks).toEqual([
      'Integritetspolicy Svenska Gällande version: Version 2018-05-20, gäller från 20 maj 2018. Kommande: Version 2026-12-20 börjar gälla 20 december 2026. Alla versioner',
      'Privacy policy English Current version: Version 2018-05-20, in force from 20 May 2018. Upcoming: Version 2026-12-20 takes effect on 20 December 2026. Alla versioner'.replace('Alla versioner', 'All versions'),
    ]);
    expect(root).toContain('<section lang="en" aria-labelledby="policyproof-landing-en">');
    expect(root).toContain('<a href="sv/2026-12-20/">2026-12-20</a>');
  });
});

describe('page metadata', () => {
  it('has a description, a canonical link (relative without --base-url), Open Graph and dateModified on every page', () => {
    const { files } = buildSite(twoVersions(), { at: '2026-11-28' });
    for (const [name, html] of files) {
      if (!name.endsWith('.html')) continue;
      expect(html, name).toMatch(/<meta name="description" content="[^"]{40,}">/);
      expect(html, name).toMatch(/<link rel="canonical" href="(\.\/|\.\.\/[^"]*|[a-z]{2}\/[^"]*)">/);
      expect(html, name).toMatch(/<meta property="og:title" content="[^"]+">/);
      expect(html, name).toMatch(/<meta property="og:description" content="[^"]+">/);
      expect(html, name).toMatch(/<meta itemprop="dateModified" content="\d{4}-\d{2}-\d{2}">/);
    }
    const sv = page(files, 'sv/2026-12-20/index.html');
    expect(sv).toContain('<meta name="description" content="Integritetspolicy för Acme AB, version 2026-12-20, gäller från 20 december 2026: vilka uppgifter som sparas, hur länge och vad du kan göra.">');
    expect(sv).toContain('<meta itemprop="dateModified" content="2026-11-15">');
    expect(sv).toContain('<meta property="og:locale" content="sv_SE">');
    expect(page(files, 'en/archive/index.html')).toContain('<meta itemprop="dateModified" content="2026-11-15">');
    expect(page(files, 'en/2026-12-20/diff/index.html')).toContain('<meta name="description" content="Privacy policy of Acme AB: what changed between version 2018-05-20 and 2026-12-20.">');
    expect(page(files, 'index.html')).toContain('<link rel="canonical" href="./">');
  });

  it('links each Atom entry to its diff, and the first version to its text', () => {
    const feed = page(buildSite(twoVersions(), { at: '2026-11-28', baseUrl: 'https://example.com/p/' }).files, 'feed.xml');
    const entries = [...feed.matchAll(/<entry>[\s\S]*?<\/entry>/g)].map((m) => [...m[0].matchAll(/<link rel="alternate"[^>]*href="([^"]+)"/g)].map((l) => l[1]));
    expect(entries).toEqual([
      ['https://example.com/p/sv/2026-12-20/diff/', 'https://example.com/p/en/2026-12-20/diff/'],
      ['https://example.com/p/sv/2018-05-20/', 'https://example.com/p/en/2018-05-20/'],
    ]);
  });
});

/** A text in several languages, for a policy declared in languages the TypeScript vocabulary may not name yet. */
const texts = (t: Record<string, string>) => t as unknown as LocalizedText;

describe('the page wording in every shipped language', () => {
  const langs = ['da', 'nb', 'fi', 'de'] as unknown as Lang[];
  const sections: SectionSpec[] = [
    { id: 'debug', heading: texts({ da: 'Fejlfinding', nb: 'Feilsøking', fi: 'Vianetsintä', de: 'Fehlersuche' }), text: texts({ da: 'Slettes efter 14 dage.', nb: 'Slettes etter 14 dager.', fi: 'Poistetaan 14 päivän kuluttua.', de: 'Nach 14 Tagen gelöscht.' }), category: { holds: ['ip-address'], retention: { max: 'P14D' } } },
    { id: 'traffic', heading: texts({ da: 'Trafik', nb: 'Trafikk', fi: 'Liikenne', de: 'Verkehr' }), text: texts({ da: 'I 60 dage.', nb: 'I 60 dager.', fi: '60 päivää.', de: '60 Tage.' }), category: { holds: [], retention: { min: 'P60D', max: 'P60D', basis: 'legal-obligation' } } },
    { id: 'storage', text: texts({ da: 'I EU.', nb: 'I EU.', fi: 'EU:ssa.', de: 'In der EU.' }), storage: { jurisdiction: 'EU' } },
  ];
  const p = policy([version('2018-05-20', '2018-05-10', sections)], {
    title: texts({ da: 'Privatlivspolitik', nb: 'Personvernerklæring', fi: 'Tietosuojaseloste', de: 'Datenschutzerklärung' }),
    languages: { authoritative: langs[0]!, translations: langs.slice(1) },
  });
  const { files } = buildSite(p, { at: '2026-11-28' });

  it('publishes a page per language, each in its own words', () => {
    expect([...files.keys()].filter((n) => /^[a-z]{2}\/index\.html$/.test(n))).toEqual(['da/index.html', 'de/index.html', 'fi/index.html', 'nb/index.html']);
    const expected: Record<string, string[]> = {
      da: ['Kort fortalt', 'Fejlfinding: slettes efter 14 dage', 'Trafik: opbevares i 60 dage, som loven kræver', 'Inden for EU', 'Offentliggjort10. maj 2018'],
      nb: ['Kort fortalt', 'Feilsøking: slettes etter 14 dager', 'Trafikk: lagres i 60 dager, lovpålagt', 'Innenfor EU', 'Publisert10. mai 2018'],
      fi: ['Lyhyesti', 'Vianetsintä: poistetaan 14 päivän kuluttua', 'Liikenne: säilytetään 60 päivän ajan, koska laki edellyttää', 'EU:n alueella', 'Julkaistu10. toukokuuta 2018'],
      de: ['Auf einen Blick', 'Fehlersuche: wird nach 14 Tagen gelöscht', 'Verkehr: wird 60 Tage lang gespeichert, gesetzlich vorgeschrieben', 'Innerhalb der EU', 'Veröffentlicht10. Mai 2018'],
    };
    for (const [lang, phrases] of Object.entries(expected)) {
      const html = page(files, `${lang}/index.html`);
      expect(html).toContain(`<html lang="${lang}"`);
      const text = visible(html).replace(/\s+/g, ' ').replace(/ :/g, ':');
      for (const phrase of phrases) expect(text, lang).toContain(phrase);
    }
  });

  it('says on each translation which wording applies, and generates headings in its language', () => {
    expect(visible(page(files, 'de/index.html'))).toContain('Dies ist eine Übersetzung. Maßgeblich ist die dänische Fassung der Datenschutzerklärung.');
    expect(visible(page(files, 'fi/index.html'))).toContain('Tämä on käännös. Tietosuojaselosteen tanskankielinen versio on sitova.');
    expect(visible(page(files, 'nb/index.html'))).toContain('Dette er en oversettelse. Den danske ordlyden av erklæringen gjelder.');
    expect(page(files, 'da/index.html')).not.toContain('class="translation-note"');
    expect(page(files, 'de/index.html')).toContain('<h2 dir="auto" class="generated">Wo die Daten gespeichert werden</h2>');
    // German nouns keep their capital in running text
    expect(visible(page(files, 'de/index.html'))).toContain('Fehlersuche: wird nach 14 Tagen gelöscht');
  });

  it('has one switcher with every language, each keeping the version', () => {
    const switcher = /<nav class="switcher"[\s\S]*?<\/nav>/.exec(page(files, 'fi/2018-05-20/index.html'))![0];
    expect([...switcher.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => `${m[2]} ${m[1]}`)).toEqual([
      'Dansk ../../da/2018-05-20/',
      'Norsk bokmål ../../nb/2018-05-20/',
      'Suomi ./',
      'Deutsch ../../de/2018-05-20/',
    ]);
  });

  it('refuses a language with no page wording, naming the file to add', () => {
    const q = policy([version('2018-05-20', '2018-05-10', BASE_SECTIONS)], { languages: { authoritative: 'sv', translations: ['xx' as unknown as Lang] } });
    expect(() => buildSite(q, { at: '2026-11-28' })).toThrow(PublishError);
    expect(() => buildSite(q, { at: '2026-11-28' })).toThrow('no page wording for language "xx": add rules/languages/xx.yaml with a "page:" key');
  });
});
