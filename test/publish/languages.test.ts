import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { buildSite } from '../../src/publish/index.js';
import { BASE_SECTIONS, page, policy, twoVersions, version, visible, withSection } from './factory.js';

/**
 * A policy published in its authoritative language only, and a policy whose first version is not
 * yet in force: the site shows only pages that exist, and promises no rights about changes that
 * are not changes.
 */

const repo = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => loadPolicy(path.join(repo, 'test/fixtures/generality', name, 'policy'), { root: repo });


const banner = (html: string) => visible(/<section class="banner"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '').trim();

/** Every link target on a page, resolved against the page's folder, without its #fragment. */
function targets(files: Map<string, string>, name: string): string[] {
  const base = new URL(name, 'https://site.invalid/');
  return [...page(files, name).matchAll(/<(?:a|link)\b[^>]*\bhref="([^"]*)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, '&'))
    .filter((h) => !h.startsWith('data:'))
    .map((h) => new URL(h, base))
    .filter((u) => u.origin === base.origin)
    .map((u) => {
      const p = decodeURIComponent(u.pathname.slice(1));
      return p === '' || p.endsWith('/') ? `${p}index.html` : p;
    });
}

describe('publish: a policy in Swedish only (translations: [])', () => {
  it('writes only the Swedish pages, the root, versions.json and the feed', async () => {
    const { files, warnings } = buildSite(await fixture('swedish-only-saas'), { at: '2026-11-28' });
    expect(warnings).toEqual([]);
    expect([...files.keys()]).toEqual([
      'feed.xml',
      'index.html',
      'style.css',
      'sv/2024-06-01/index.html',
      'sv/2025-09-01/diff/index.html',
      'sv/2025-09-01/index.html',
      'sv/archive/index.html',
      'sv/index.html',
      'versions.json',
    ]);
  });

  it('has no hreflang alternate, language switcher, "in English" link or translation note on any page', async () => {
    const { files } = buildSite(await fixture('swedish-only-saas'), { at: '2026-11-28', baseUrl: 'https://example.se/integritet/' });
    for (const [name, html] of files) {
      if (!name.endsWith('.html')) continue;
      expect(html, name).not.toMatch(/hreflang="en"/);
      expect(html, name).not.toMatch(/hreflang="x-default"/);
      expect(html, name).not.toMatch(/href="[^"]*\ben\//);
      const text = visible(html);
      expect(text, name).not.toContain('In English');
      expect(text, name).not.toContain('English');
      expect(text, name).not.toContain('This is a translation');
      expect(text, name).not.toContain('not been translated');
    }
    const root = page(files, 'index.html');
    expect([...root.matchAll(/<section aria-labelledby="policyproof-landing-[^"]*">[\s\S]*?<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((m) => visible(m[1]!).trim())).toEqual(['Så behandlar vi personuppgifter']);
    expect(page(files, 'sv/index.html')).toContain('<link rel="canonical" href="https://example.se/integritet/sv/">');
  });

  it('links only to files the site has, from every page', async () => {
    const { files } = buildSite(await fixture('swedish-only-saas'), { at: '2026-11-28' });
    const missing = [...files.keys()].filter((n) => n.endsWith('.html')).flatMap((n) => targets(files, n).filter((t) => !files.has(t)).map((t) => `${n} → ${t}`));
    expect(missing).toEqual([]);
  });

  it('lists only Swedish pages in versions.json and the feed', async () => {
    const { files } = buildSite(await fixture('swedish-only-saas'), { at: '2026-11-28' });
    const json = JSON.parse(page(files, 'versions.json')) as { versions: Array<{ version: string; pages: Record<string, string>; diff: Record<string, string> | null }> };
    expect(json.versions.map((v) => [v.version, v.pages, v.diff])).toEqual([
      ['2024-06-01', { sv: 'sv/2024-06-01/' }, null],
      ['2025-09-01', { sv: 'sv/2025-09-01/' }, { sv: 'sv/2025-09-01/diff/' }],
    ]);
    const feed = page(files, 'feed.xml');
    expect(feed).not.toContain('hreflang="en"');
    expect(feed).not.toContain('xml:lang="en"');
    expect(feed).not.toContain('First version.');
    expect([...feed.matchAll(/<entry>[\s\S]*?<title>([^<]*)<\/title>/g)].map((m) => m[1])).toEqual([
      'Så behandlar vi personuppgifter 2025-09-01',
      'Så behandlar vi personuppgifter 2024-06-01',
    ]);
  });

  it('writes a retention period that lasts until a named event in words, not as the identifier', async () => {
    const { files } = buildSite(await fixture('swedish-only-saas'), { at: '2026-11-28' });
    const text = visible(page(files, 'sv/index.html'));
    expect(text).toContain('Tills avtalet upphör, högst 90 dagar');
    expect(text).not.toContain('contract-end');
  });

  it('keeps both languages, switcher and hreflang when English is a declared translation', () => {
    const { files } = buildSite(twoVersions(), { at: '2027-01-15' });
    expect(files.has('en/index.html')).toBe(true);
    const sv = page(files, 'sv/index.html');
    expect(sv).toContain('<link rel="alternate" hreflang="en" href="../en/">');
    expect(sv).toContain('<link rel="alternate" hreflang="x-default" href="./">');
    expect(sv).toContain('<a href="../en/" hreflang="en" lang="en">English</a>');
    expect(visible(page(files, 'en/index.html'))).toContain('This is a translation. The Swedish wording of the policy applies.');
  });

  it('publishes a policy built with translations: [] the same way: no en/ folder at all', () => {
    const p = twoVersions();
    p.identity.languages = { authoritative: 'sv', translations: [] };
    const { files } = buildSite(p, { at: '2026-11-28' });
    expect([...files.keys()].filter((n) => n.startsWith('en/'))).toEqual([]);
    // the pending banner still works, in Swedish
    expect(banner(page(files, 'sv/index.html'))).toContain('rätt att avvisa ändringarna');
  });
});

describe('publish: the first version is published but not yet in force', () => {
  it('says on the current page that no version is in force yet, and when the first one takes effect', async () => {
    const { files } = buildSite(await fixture('clinic-not-yet-in-force'), { at: '2026-11-28' });
    expect(visible(page(files, 'sv/index.html'))).toContain('Ingen version av policyn gäller ännu. Den första versionen börjar gälla 1 januari 2027.');
    expect(visible(page(files, 'en/index.html'))).toContain('No version of the policy is in force yet. The first version takes effect on 1 January 2027.');
    expect(page(files, 'en/index.html')).toContain('<time datetime="2027-01-01">1 January 2027</time>');
  });

  it('announces when the policy takes effect, with no right to reject changes or cancel', async () => {
    const { files } = buildSite(await fixture('clinic-not-yet-in-force'), { at: '2026-11-28' });
    expect(banner(page(files, 'sv/index.html'))).toBe(
      'Integritetspolicyn börjar snart gälla Policyn publicerades 20 november 2026 och börjar gälla 1 januari 2027, om 34 dagar. Läs policyn (2027-01-01)',
    );
    expect(banner(page(files, 'en/index.html'))).toBe(
      'The privacy policy takes effect soon The policy was published on 20 November 2026 and takes effect on 1 January 2027, in 34 days. Read the policy (2027-01-01)',
    );
    for (const name of ['sv/index.html', 'en/index.html']) {
      const text = visible(page(files, name));
      expect(text, name).not.toMatch(/avvisa|säga upp|reject|cancel/);
      expect(text, name).not.toMatch(/ny version|new version|Se vad som ändras|See what changes/);
    }
  });

  it('announces a second version published before the first takes effect as a new version, still without a right to reject', () => {
    const p = policy([
      version('2027-01-01', '2026-11-20', BASE_SECTIONS),
      version('2027-02-01', '2026-11-25', withSection('introduction', { text: { sv: 'Vi värnar om dig.', en: 'We care about you.' } })),
    ]);
    const { files } = buildSite(p, { at: '2026-11-28' });
    const text = banner(page(files, 'en/index.html'));
    expect(text).toContain('The policy was published on 20 November 2026 and takes effect on 1 January 2027, in 34 days.');
    expect(text).toContain('A new version was published on 25 November 2026 and takes effect on 1 February 2027, in 65 days.');
    expect(text).toContain('See what changes (2027-02-01)');
    expect(text).not.toMatch(/reject|cancel/);
  });

  it('keeps the right to reject once a version is in force', () => {
    const { files } = buildSite(twoVersions(), { at: '2026-11-28' });
    expect(banner(page(files, 'en/index.html'))).toContain('You have the right to reject the changes and cancel your account at no extra cost before they take effect.');
    expect(visible(page(files, 'en/index.html'))).not.toContain('No version of the policy is in force yet');
  });

  it('says only that no version is in force when nothing is published yet', async () => {
    const { files } = buildSite(await fixture('clinic-not-yet-in-force'), { at: '2026-11-01' });
    const text = visible(page(files, 'sv/index.html'));
    expect(text).toContain('Ingen version av policyn gäller ännu.');
    expect(text).not.toContain('börjar gälla');
    expect(page(files, 'sv/index.html')).not.toContain('class="banner"');
  });
});
