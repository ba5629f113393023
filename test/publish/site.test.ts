import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { buildSite } from '../../src/publish/index.js';
import { BASE_SECTIONS, page, policy, twoVersions, version, visible, withSection } from './factory.js';

const repo = path.resolve(import.meta.dirname, '../..');
const realPolicy = () => loadPolicy(path.join(repo, 'policy'), { root: repo });


/** The retention table's rows as [category, holds, retention, basis, can-do] cell texts. */
function retentionRows(html: string): string[][] {
  const table = /<section aria-labelledby="policyproof-retention">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => visible(c[1]!).trim()));
}

describe('publish: the real policy in policy/', () => {
  it('writes the current, per-version and archive pages in both languages, versions.json and the feed', async () => {
    const { files, warnings } = buildSite(await realPolicy(), { at: '2026-11-28' });
    expect(warnings).toEqual([]);
    expect([...files.keys()]).toEqual([
      'en/2018-05-20/index.html',
      'en/archive/index.html',
      'en/index.html',
      'feed.xml',
      'index.html',
      'style.css',
      'sv/2018-05-20/index.html',
      'sv/archive/index.html',
      'sv/index.html',
      'versions.json',
    ]);
  });

  it('shows every Swedish and English paragraph of every section, with an anchor and a TOC entry per section id', async () => {
    const p = await realPolicy();
    const { files } = buildSite(p, { at: '2026-11-28' });
    const v = p.versions[0]!;
    for (const lang of ['sv', 'en'] as const) {
      const html = page(files, `${lang}/index.html`);
      const shown = visible(html);
      for (const s of v.sections) {
        expect(html).toContain(`<section id="${s.id}"`);
        expect(html).toContain(`<li><a href="#${s.id}">`);
        for (const paragraph of s.text[lang]!.split('\n\n')) expect(shown).toContain(paragraph.replace(/\s+/g, ' '));
      }
    }
  });

  it('generates the retention table from the categories, in words in each language', async () => {
    const { files } = buildSite(await realPolicy(), { at: '2026-11-28' });
    const sv = retentionRows(page(files, 'sv/index.html'));
    const en = retentionRows(page(files, 'en/index.html'));
    const row = (rows: string[][], name: string) => rows.find((r) => r[0] === name);
    expect(row(sv, 'Trafikuppgifter')).toEqual(['Trafikuppgifter', 'IP-adress, användaragent, telefonnummer', '60 dagar', 'Rättslig förpliktelse (LEK (2022:482), PTS)', '—']);
    expect(row(en, 'Traffic data')).toEqual(['Traffic data', 'IP address, user agent, phone number', '60 days', 'Legal obligation (LEK (2022:482), PTS)', '—']);
    expect(row(sv, 'API-trafik')?.[2]).toBe('Tills uppdraget slutförts, högst 72 timmar');
    expect(row(en, 'API traffic')?.[2]).toBe('Until the work is completed, at most 72 hours');
    expect(row(sv, 'Felsökningsdata')?.slice(1, 3)).toEqual(['Inga personuppgifter angivna', 'Högst 14 dagar']);
    expect(row(sv, 'Trafikhistorik')).toEqual(['Trafikhistorik', 'Telefonnummer, meddelandeinnehåll', '90 dagar som standard, valbart', '—', 'Ta bort uppgifterna, Välja hur länge de sparas, Stänga av lagringen']);
    expect(row(en, 'Traffic history')?.slice(2)).toEqual(['90 days by default, configurable', '—', 'Delete the data, Choose how long it is kept, Turn storage off']);
    expect(row(sv, 'Kunduppgifter')?.[2]).toBe('Anges inte');
    expect(row(en, 'Abuse')?.[2]).toBe('Not stated');
    // one row per category, none for storage, updates or the introduction
    expect(sv.map((r) => r[0])).toEqual(['Kunduppgifter', 'Kortköp', 'API-trafik', 'Trafikuppgifter', 'Felsökningsdata', 'Trafikhistorik', 'Månadsrapporter', 'Statistik', 'Missbruk']);
  });

  it('marks language on every page, hreflang alternates with x-default Swedish, and the Swedish wording notice on English pages', async () => {
    const { files } = buildSite(await realPolicy(), { at: '2026-11-28' });
    for (const [name, html] of files) {
      if (!name.endsWith('.html')) continue;
      const lang = name.startsWith('en/') ? 'en' : 'sv';
      expect(html, name).toContain(`<html lang="${lang}" itemscope itemtype="https://schema.org/WebPage">`);
      expect(html, name).toMatch(/<link rel="alternate" hreflang="sv" href="[^"]+">/);
      expect(html, name).toMatch(/<link rel="alternate" hreflang="en" href="[^"]+">/);
      const sv = /hreflang="sv" href="([^"]+)"/.exec(html)![1];
      expect(/hreflang="x-default" href="([^"]+)"/.exec(html)![1], name).toBe(sv);
      if (lang === 'en') {
        const main = html.slice(html.indexOf('<main'));
        expect(main.indexOf('class="translation-note"'), name).toBeLessThan(main.indexOf('<h1'));
        expect(visible(main)).toContain('The Swedish wording of the policy applies.');
      }
    }
    // the notice links to the same Swedish page; one language switcher at the top, no link per section
    const en = page(files, 'en/2018-05-20/index.html');
    expect(en).toMatch(/class="translation-note">[^<]*<a href="\.\.\/\.\.\/sv\/2018-05-20\/" hreflang="sv">/);
    expect(en).not.toContain('På svenska');
    expect(visible(page(files, 'sv/index.html'))).not.toContain('In English');
    // the language switcher keeps the version, and marks the page's own language
    const switcher = /<nav class="switcher" aria-label="Välj språk">[\s\S]*?<\/nav>/.exec(page(files, 'sv/2018-05-20/index.html'))![0];
    expect(switcher).toContain('<a href="../../en/2018-05-20/" hreflang="en" lang="en">English</a>');
    expect(switcher).toContain('<a href="./" aria-current="true">Svenska</a>');
    for (const [name, html] of files) if (name.endsWith('.html')) expect((html.match(/class="switcher"/g) ?? []).length, name).toBe(name === 'index.html' ? 0 : 1);
  });

  it('shows status and dates in <time datetime> and has no pending banner while nothing is pending', async () => {
    const { files } = buildSite(await realPolicy(), { at: '2026-11-28' });
    const sv = page(files, 'sv/index.html');
    expect(sv).toContain('<dt>Status</dt><dd>Gäller</dd>');
    expect(sv).toContain('<dt>Publicerad</dt><dd><time datetime="2018-05-10">10 maj 2018</time></dd>');
    expect(sv).toContain('<dt>Gäller från</dt><dd><time datetime="2018-05-20">20 maj 2018</time></dd>');
    expect(sv).not.toContain('class="banner"');
    expect(page(files, 'en/index.html')).not.toContain('class="banner"');
  });
});

describe('publish: a pending version', () => {
  it('puts a banner on both current pages with dates, days left, links to the new text and the diff, and the right to reject and cancel', () => {
    const { files } = buildSite(twoVersions(), { at: '2026-11-28' });
    const sv = page(files, 'sv/index.html');
    const banner = /<section class="banner"[\s\S]*?<\/section>/.exec(sv)![0];
    expect(banner).toContain('<time datetime="2026-11-15">15 november 2026</time>');
    expect(banner).toContain('<time datetime="2026-12-20">20 december 2026</time>');
    expect(visible(banner)).toContain('börjar gälla 20 december 2026, om 22 dagar.');
    expect(visible(banner)).toContain('Du har rätt att avvisa ändringarna och säga upp ditt konto utan extra kostnad innan de börjar gälla.');
    expect(banner).toContain('<a href="2026-12-20/">Läs den nya lydelsen');
    expect(banner).toContain('<a href="2026-12-20/diff/">Se vad som ändras');
    expect(banner).toContain('<a href="#updates">Uppdateringar</a>');
    const en = /<section class="banner"[\s\S]*?<\/section>/.exec(page(files, 'en/index.html'))![0];
    expect(visible(en)).toContain('takes effect on 20 December 2026, in 22 days.');
    expect(visible(en)).toContain('You have the right to reject the changes and cancel your account at no extra cost before they take effect.');
    // the current page still shows the version in force
    expect(sv).toContain('<span class="version">Version 2018-05-20</span>');
    // version pages carry no banner
    expect(page(files, 'sv/2018-05-20/index.html')).not.toContain('class="banner"');
  });

  it('drops the banner once the new version is in force, and the day before it says "om 1 dag"', () => {
    expect(page(buildSite(twoVersions(), { at: '2026-12-20' }).files, 'sv/index.html')).not.toContain('class="banner"');
    expect(page(buildSite(twoVersions(), { at: '2026-12-20' }).files, 'sv/index.html')).toContain('<span class="version">Version 2026-12-20</span>');
    expect(visible(page(buildSite(twoVersions(), { at: '2026-12-19' }).files, 'sv/index.html'))).toContain('om 1 dag.');
  });

  it('leaves off a version whose publication date has not come, with a warning', () => {
    const { files, warnings } = buildSite(twoVersions(), { at: '2026-11-01' });
    expect(warnings).toEqual(['version 2026-12-20 is published on 2026-11-15, after 2026-11-01: left off the site until then']);
    expect([...files.keys()].some((f) => f.includes('2026-12-20'))).toBe(false);
    expect(page(files, 'sv/index.html')).not.toContain('class="banner"');
  });

  it('renders a word-level diff with <ins>/<del> and text labels in each language', () => {
    const { files } = buildSite(twoVersions(), { at: '2026-11-28' });
    const sv = page(files, 'sv/2026-12-20/diff/index.html');
    expect(sv).toContain('Vi lagrar trafikuppgifter i <del><span class="vh">borttaget: </span>60</del><ins><span class="vh">tillagt: </span>90</ins> dagar enligt lag.');
    expect(visible(sv)).toContain('Lagringstid ändrad: före: borttaget: 60 dagar, efter: tillagt: 90 dagar');
    const en = page(files, 'en/2026-12-20/diff/index.html');
    expect(en).toContain('<del><span class="vh">removed: </span>60</del><ins><span class="vh">added: </span>90</ins> days');
    // unchanged sections are listed, linking into the new version
    expect(en).toContain('<a href="../#storage">Where data is stored</a>');
  });

  it('lists every version in the archive with its in-force interval and summary', () => {
    const { files } = buildSite(twoVersions(), { at: '2026-11-28' });
    const rows = [...page(files, 'sv/archive/index.html').matchAll(/<tr><th scope="row">([\s\S]*?)<\/tr>/g)].map((m) => visible(m[1]!).replace(/ $/, ''));
    expect(rows).toEqual([
      '2026-12-20Kommande15 november 202620 december 2026 –Trafikuppgifter sparas i 90 dagar.Ändringar från version 2018-05-20',
      '2018-05-20Gäller10 maj 201820 maj 2018 – 19 december 2026Första versionen—',
    ]);
  });

  it('writes versions.json with intervals, status and texts, and an Atom feed dated from the policy', () => {
    const { files } = buildSite(twoVersions(), { at: '2026-11-28', baseUrl: 'https://example.com/privacy' });
    const json = JSON.parse(page(files, 'versions.json'));
    expect(json.inForce).toBe('2018-05-20');
    expect(json.pending).toEqual(['2026-12-20']);
    expect(json.versions.map((v: { version: string; inForce: unknown; status: string }) => [v.version, v.inForce, v.status])).toEqual([
      ['2018-05-20', { from: '2018-05-20', until: '2026-12-19' }, 'in-force'],
      ['2026-12-20', { from: '2026-12-20', until: null }, 'pending'],
    ]);
    expect(json.versions[1].pages.sv).toBe('https://example.com/privacy/sv/2026-12-20/');
    const traffic = json.versions[1].sections.find((s: { id: string }) => s.id === 'traffic-data');
    expect(traffic.text.sv).toBe('Vi lagrar trafikuppgifter i 90 dagar enligt lag.');
    expect(traffic.category.retention).toMatchObject({ min: 'P90D', max: 'P90D', words: { sv: '90 dagar', en: '90 days' } });

    const feed = page(files, 'feed.xml');
    expect(feed).toContain('<updated>2026-11-15T00:00:00+01:00</updated>');
    expect(feed).toContain('<published>2018-05-10T00:00:00+02:00</published>');
    expect(feed).toContain('<link rel="self" href="https://example.com/privacy/feed.xml"/>');
    expect(feed.match(/<entry>/g)).toHaveLength(2);
    expect(feed.indexOf('2026-12-20</title>')).toBeLessThan(feed.indexOf('2018-05-20</title>'));
  });

  it('with --base-url writes canonical and absolute alternates; without, only relative links', () => {
    const abs = page(buildSite(twoVersions(), { at: '2026-11-28', baseUrl: 'https://example.com/privacy' }).files, 'en/2018-05-20/index.html');
    expect(abs).toContain('<link rel="canonical" href="https://example.com/privacy/en/2018-05-20/">');
    expect(abs).toContain('<link rel="alternate" hreflang="sv" href="https://example.com/privacy/sv/2018-05-20/">');
    const rel = page(buildSite(twoVersions(), { at: '2026-11-28' }).files, 'en/2018-05-20/index.html');
    expect(rel).toContain('<link rel="canonical" href="./">');
    expect(rel).not.toMatch(/href="https?:/);
    expect(rel).not.toContain('og:url');
    expect(abs).toContain('<meta property="og:url" content="https://example.com/privacy/en/2018-05-20/">');
    expect(rel).toContain('<link rel="alternate" hreflang="sv" href="../../sv/2018-05-20/">');
  });

  it('falls back to the Swedish text, marked, where a translation is missing', () => {
    const p = policy([version('2018-05-20', '2018-05-10', withSection('storage', { text: { sv: 'Lagring av data sker inom EU.' } }))]);
    const en = page(buildSite(p, { at: '2026-11-28' }).files, 'en/index.html');
    expect(en).toContain('<div lang="sv"><p dir="auto">Lagring av data sker inom EU.</p></div>');
    expect(visible(en)).toContain('This section has not been translated yet; the Swedish text is shown.');
  });

  it('includes a print stylesheet and wraps long words', () => {
    const css = page(buildSite(policy([version('2018-05-20', '2018-05-10', BASE_SECTIONS)]), { at: '2026-11-28' }).files, 'style.css');
    expect(css).toContain('@media print');
    expect(css).toMatch(/overflow-wrap: anywhere/);
  });

  it('names data types from the vocabulary, with policy.yaml extensions first', () => {
    const p = policy([version('2018-05-20', '2018-05-10', withSection('traffic-data', { category: { holds: ['ip-address', 'sip-uri', 'unknown-thing'] } }))], {
      dataTypes: [{ id: 'sip-uri', name: { sv: 'SIP-adress', en: 'SIP address' }, patterns: [], exclusions: [], sqlTypes: [], personal: true }],
    });
    const sv = page(buildSite(p, { at: '2026-11-28' }).files, 'sv/index.html');
    expect(retentionRows(sv)[0]?.[1]).toBe('IP-adress, SIP-adress, unknown thing');
    const given = page(buildSite(p, { at: '2026-11-28', dataTypes: [{ id: 'ip-address', name: { sv: 'Nätadress', en: 'Net address' }, patterns: [], exclusions: [], sqlTypes: [], personal: true }] }).files, 'en/index.html');
    expect(retentionRows(given)[0]?.[1]).toBe('Net address, SIP address, unknown thing');
  });

  it('before the first version takes effect: says no version is in force, and shows the banner for it', () => {
    const { files } = buildSite(policy([version('2026-12-20', '2026-11-15', BASE_SECTIONS)]), { at: '2026-11-28' });
    const sv = page(files, 'sv/index.html');
    expect(visible(sv)).toContain('Ingen version av policyn gäller ännu.');
    expect(sv).toContain('<a href="2026-12-20/">Läs policyn');
    expect(visible(sv)).not.toContain('rätt att avvisa');
    expect(sv).not.toContain('Se vad som ändras');
    expect(page(files, 'sv/2026-12-20/index.html')).toContain('<dt>Status</dt><dd>Kommande</dd>');
    expect([...files.keys()].some((f) => f.includes('/diff/'))).toBe(false);
  });
});
