import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { publishSite } from '../../src/publish/index.js';
import { axeViolations, browserSession, loadPage } from '../support/browser.js';
import { policy, twoVersions, version, withSection } from './factory.js';

/**
 * The published site in Debian's Chromium over 127.0.0.1. A handful of page loads (the machine is
 * small): the real policy in both languages, a site with a pending version, and one with hostile text.
 */

const repo = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(repo, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });
const session = browserSession(async (tmp) => {
  const real = await loadPolicy(path.join(repo, 'policy'), { root: repo });
  await publishSite(real, { out: path.join(tmp, 'real'), at: '2026-11-28' });
  await publishSite(twoVersions(), { out: path.join(tmp, 'pending'), at: '2026-11-28' });
  await publishSite(twoVersions(), { out: path.join(tmp, 'settled'), at: '2027-01-15' });
  const long = `https://example.com/${'väldigt-långt-ord-'.repeat(60)}`;
  const hostile = policy([
    version(
      '2018-05-20',
      '2018-05-10',
      withSection('introduction', {
        text: {
          sv: `<script>console.error("injected")</script> [klick](javascript:console.error(1)) ${long}\n\nنحن نحترم خصوصيتك \u202E baklänges\n\n- **fet** och *kursiv*\n- [länk](https://example.com/)`,
          en: `<img src=x onerror="console.error(2)"> ${long}`,
        },
      }),
    ),
  ]);
  await publishSite(hostile, { out: path.join(tmp, 'hostile'), at: '2026-11-28' });
  // a policy in Swedish only, and one whose first version is not yet in force
  for (const name of ['swedish-only-saas', 'clinic-not-yet-in-force']) {
    const fixture = await loadPolicy(path.join(repo, 'test/fixtures/generality', name, 'policy'), { root: repo });
    await publishSite(fixture, { out: path.join(tmp, name), at: '2026-11-28' });
  }
});
const browser = session.browser;

/** Every axe violation, of any impact (minor and moderate too). */
const allViolations = (violations: Awaited<ReturnType<typeof axeViolations>>) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

describe('the published site in Chromium', () => {
  it('loads the real policy in Swedish and English with no console errors and no accessibility violation of any impact; saves screenshots', async () => {
    for (const lang of ['sv', 'en'] as const) {
      const { page, problems, status } = await loadPage(browser().context, `${session.url()}real/${lang}/`);
      expect(status).toBe(200);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await page.locator('.banner').count()).toBe(0);
      // the stylesheet applied, and nothing is wider than the window
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('main')!).maxWidth)).not.toBe('none');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // the retention table is there, with a row per category
      expect(await page.locator('#policyproof-retention ~ .table-wrap tbody tr').count()).toBe(9);
      await page.screenshot({ path: path.join(artifacts, `publish-${lang}.png`), fullPage: true });
      expect(allViolations(await axeViolations(page))).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('shows the pending banner exactly while a version is pending, in both languages', async () => {
    const seen: Record<string, number> = {};
    for (const [site, lang] of [
      ['pending', 'sv'],
      ['pending', 'en'],
      ['settled', 'sv'],
    ] as const) {
      const { page, problems } = await loadPage(browser().context, `${session.url()}${site}/${lang}/`);
      seen[`${site}/${lang}`] = await page.locator('section.banner').count();
      if (site === 'pending') {
        const banner = page.locator('section.banner');
        await expect.poll(() => banner.isVisible()).toBe(true);
        const text = (await banner.innerText()).replace(/\s+/g, ' ');
        expect(text).toContain(lang === 'sv' ? 'om 22 dagar' : 'in 22 days');
        expect(text).toContain(lang === 'sv' ? 'rätt att avvisa ändringarna och säga upp ditt konto' : 'right to reject the changes and cancel your account');
        expect(await banner.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')))).toEqual(['2026-11-15', '2026-12-20']);
        if (lang === 'sv') {
          await page.screenshot({ path: path.join(artifacts, 'publish-sv-pending.png'), fullPage: false });
          expect(allViolations(await axeViolations(page))).toEqual([]);
          // the diff link leads to a diff page with labelled changes
          await banner.getByRole('link', { name: /Se vad som ändras/ }).click();
          await page.waitForURL(/\/pending\/sv\/2026-12-20\/diff\/$/);
          expect(await page.locator('del .vh').first().innerText()).toBe('borttaget:');
          expect(await page.locator('ins .vh').first().innerText()).toBe('tillagt:');
          expect(allViolations(await axeViolations(page))).toEqual([]);
        }
      }
      expect(problems).toEqual([]);
      await page.close();
    }
    expect(seen).toEqual({ 'pending/sv': 1, 'pending/en': 1, 'settled/sv': 0 });
  });

  it('renders hostile policy text inertly: no script runs, no javascript: link, long words wrap', async () => {
    for (const lang of ['sv', 'en'] as const) {
      const { page, problems } = await loadPage(browser().context, `${session.url()}hostile/${lang}/`);
      expect(await page.evaluate(() => document.scripts.length)).toBe(0);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => [...document.querySelectorAll('a')].filter((a) => !/^(https?|mailto):/.test(a.protocol.replace(/:$/, '') + ':')).length)).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      if (lang === 'sv') {
        expect(await page.locator('#introduction strong').innerText()).toBe('fet');
        expect(await page.locator('#introduction p[dir="auto"]').nth(1).evaluate((p) => getComputedStyle(p).direction)).toBe('rtl');
        expect(await page.locator('#introduction p').first().innerText()).toContain('<script>console.error("injected")</script>');
      }
      expect(problems).toEqual([]);
      await page.close();
    }
  });

  it('parses the Atom feed as XML in the browser', async () => {
    const { page } = await loadPage(browser().context, `${session.url()}pending/`);
    const result = await page.evaluate(async () => {
      const text = await (await fetch('feed.xml')).text();
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { error: doc.querySelector('parsererror')?.textContent ?? null, entries: doc.getElementsByTagName('entry').length, root: doc.documentElement.namespaceURI };
    });
    expect(result).toEqual({ error: null, entries: 2, root: 'http://www.w3.org/2005/Atom' });
    await page.close();
  });
});

describe('the browser checks themselves', () => {
  it('catch what they are for: axe reports a missing alt text and a missing lang, the page watcher a console error and a 404', async () => {
    const { page, problems } = await loadPage(browser().context, `${session.url()}real/sv/`);
    await page.setContent('<html><head><title>t</title></head><body><main><img src="/nowhere.png"></main></body></html>');
    await page.waitForLoadState('load');
    await page.addScriptTag({ content: 'console.error("boom")' });
    const ids = (await axeViolations(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'html-has-lang']));
    expect(problems.some((p) => p.includes('boom'))).toBe(true);
    expect(problems.some((p) => p.startsWith('HTTP 404'))).toBe(true);
    await page.close();
  });
});

describe('links and anchors of the published sites', () => {
  it('every <a href> and <link href> inside each site resolves, and every #fragment names an element of its target page', async () => {
    const pages = new Map<string, string>();
    const fetchPage = async (url: string) => {
      if (!pages.has(url)) {
        const res = await fetch(url);
        expect(res.status, url).toBe(200);
        pages.set(url, await res.text());
      }
      return pages.get(url)!;
    };
    const broken: string[] = [];
    for (const site of ['real', 'pending', 'settled', 'hostile', 'swedish-only-saas', 'clinic-not-yet-in-force']) {
      const root = `${session.url()}${site}/`;
      const queue = [root];
      const visited = new Set<string>();
      while (queue.length) {
        const url = queue.shift()!;
        if (visited.has(url)) continue;
        visited.add(url);
        const html = await fetchPage(url);
        if (!url.endsWith('/')) continue; // css, json, xml: not crawled further
        for (const m of html.matchAll(/<(a|link)\b[^>]*\bhref="([^"]*)"/g)) {
          const href = m[2]!.replace(/&amp;/g, '&');
          if (href.startsWith('data:')) continue;
          const target = new URL(href, url);
          if (target.origin !== new URL(session.url()).origin) continue; // external links in policy text
          const page = target.href.replace(/#.*$/, '');
          if (!page.startsWith(root)) {
            broken.push(`${url}: ${href} leaves the site`);
            continue;
          }
          const res = await fetch(page, { redirect: 'manual' });
          if (res.status !== 200) {
            broken.push(`${url}: ${href} → HTTP ${res.status}`);
            continue;
          }
          pages.set(page, await res.text());
          if (target.hash) {
            const id = decodeURIComponent(target.hash.slice(1));
            if (!pages.get(page)!.includes(`id="${id}"`)) broken.push(`${url}: ${href} → no element with id "${id}"`);
          }
          if (!visited.has(page)) queue.push(page);
        }
      }
      expect(visited.size, site).toBeGreaterThan(5);
    }
    expect(broken).toEqual([]);
    // the Swedish-only site was crawled from its root and never reached an English page
    expect([...pages.keys()].filter((u) => u.includes('/swedish-only-saas/') && u.includes('/en/'))).toEqual([]);
    expect(pages.has(`${session.url()}swedish-only-saas/sv/2025-09-01/diff/`)).toBe(true);
  });

  it('shows a first version that is not yet in force without a right to reject, and a Swedish-only site without a language switcher', async () => {
    const first = await loadPage(browser().context, `${session.url()}clinic-not-yet-in-force/en/`);
    const banner = first.page.locator('section.banner');
    await expect.poll(() => banner.isVisible()).toBe(true);
    const text = (await banner.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('takes effect on 1 January 2027, in 34 days');
    expect(text).not.toMatch(/reject|cancel/);
    expect(await first.page.locator('.no-version').innerText()).toBe('No version of the policy is in force yet. The first version takes effect on 1 January 2027.');
    expect(allViolations(await axeViolations(first.page))).toEqual([]);
    expect(first.problems).toEqual([]);
    await first.page.close();
    const sv = await loadPage(browser().context, `${session.url()}swedish-only-saas/sv/`);
    expect(await sv.page.locator('header.site nav a').allInnerTexts()).toEqual(['Gällande version', 'Alla versioner']);
    expect(await sv.page.locator('[hreflang]').count()).toBe(0);
    expect(allViolations(await axeViolations(sv.page))).toEqual([]);
    expect(sv.problems).toEqual([]);
    await sv.page.close();
  });
});
