import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { publishSite } from '../../src/publish/index.js';
import { axeViolations, browserSession, loadPage } from '../support/browser.js';
import { twoVersions } from './factory.js';

/**
 * The pages as a reader sees them, at a desktop (1280×900) and a phone (390×844) width: nothing
 * wider than the screen, the notice before the text, contents that resolve, no accessibility
 * violation of any impact, a visible keyboard focus on every link. Screenshots go to test-artifacts/.
 */

const repo = path.resolve(import.meta.dirname, '../..');
const artifacts = path.join(repo, 'test-artifacts');
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
// [screenshot name, site path]: the index, a diff, the archive and the landing page, in two languages
const PAGES: Array<[string, string]> = [
  ['index-sv', 'real/sv/'],
  ['index-en', 'real/en/'],
  ['pending-sv', 'pending/sv/'],
  ['pending-en', 'pending/en/'],
  ['diff-sv', 'pending/sv/2026-12-20/diff/'],
  ['diff-en', 'pending/en/2026-12-20/diff/'],
  ['archive-sv', 'pending/sv/archive/'],
  ['archive-en', 'pending/en/archive/'],
  ['landing-real', 'real/'],
  ['landing-pending', 'pending/'],
];

mkdirSync(artifacts, { recursive: true });
const session = browserSession(async (tmp) => {
  const real = await loadPolicy(path.join(repo, 'policy'), { root: repo });
  await publishSite(real, { out: path.join(tmp, 'real'), at: '2026-11-28' });
  await publishSite(twoVersions(), { out: path.join(tmp, 'pending'), at: '2026-11-28' });
});
const browser = session.browser;

/** Elements (or table containers) wider than the window, as "tag.class (right edge)". */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) out.push(`document ${doc.scrollWidth} > ${doc.clientWidth}`);
    for (const wrap of document.querySelectorAll<HTMLElement>('.table-wrap')) {
      if (wrap.scrollWidth > wrap.clientWidth) out.push(`table container ${wrap.scrollWidth} > ${wrap.clientWidth}`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      if (el.closest('.vh, .skip')) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > doc.clientWidth + 0.5 || r.left < -0.5) out.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.left)}–${Math.round(r.right)})`);
    }
    return out;
  });
}

/** Every link reachable with Tab, and whether its focus is visible (an outline under :focus-visible). */
async function focusRing(page: Page): Promise<{ reached: number; links: number; invisible: string[] }> {
  // links a reader can reach: not in the hidden contents column, not inside the folded contents
  const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].filter((a) => a.checkVisibility() || a.closest('.skip')).length);
  const invisible: string[] = [];
  let reached = 0;
  const seen = new Set<string>();
  for (let i = 0; i < links + 5; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const key = `${el.tagName}|${el.getAttribute('href')}|${el.textContent}|${[...document.querySelectorAll('*')].indexOf(el)}`;
      return { key, tag: el.tagName, text: (el.textContent ?? '').trim().slice(0, 40), visible: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 };
    });
    if (!state || seen.has(state.key)) break;
    seen.add(state.key);
    if (state.tag !== 'A') continue;
    reached++;
    if (!state.visible) invisible.push(state.text);
  }
  return { reached, links, invisible };
}

describe('the pages at desktop and phone widths', () => {
  for (const size of WIDTHS) {
    it(`fit ${size.width}×${size.height}: nothing wider than the screen, the notice before the text, contents that resolve, no axe violation, visible focus`, async () => {
      const report: Record<string, unknown> = {};
      for (const [name, site] of PAGES) {
        const { page, problems, status } = await loadPage(browser().context, `${session.url()}${site}`);
        await page.setViewportSize({ width: size.width, height: size.height });
        expect(status, site).toBe(200);
        await page.screenshot({ path: path.join(artifacts, `publish-${name}-${size.name}.png`), fullPage: true });
        const checks = await page.evaluate(() => {
          const glance = document.getElementById('policyproof-glance')?.closest('section');
          const first = document.querySelector('main section[id]:not(.glance)');
          const tocIds = [...document.querySelectorAll<HTMLAnchorElement>('.toc a[href^="#"]')].map((a) => decodeURIComponent(a.hash.slice(1)));
          const sections = [...document.querySelectorAll('main section[id]')];
          // a caption or heading squeezed to a column of letters (a table caption in a stacked table did)
          const squeezed = [...document.querySelectorAll<HTMLElement>('main caption, main h1, main h2, main h3, main p')]
            .filter((el) => el.checkVisibility() && (el.textContent ?? '').trim().length > 20 && el.getBoundingClientRect().width < 150)
            .map((el) => `${el.tagName.toLowerCase()} ${Math.round(el.getBoundingClientRect().width)}px: ${(el.textContent ?? '').trim().slice(0, 30)}`);
          return {
            squeezed,
            glanceFirst: glance && first ? Boolean(glance.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) : null,
            unresolved: tocIds.filter((id) => !document.getElementById(id)),
            tocCount: tocIds.length,
            headless: sections.filter((s) => !s.querySelector('h2')).map((s) => s.id),
          };
        });
        const violations = (await axeViolations(page)).map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        const focus = await focusRing(page);
        report[`${name}@${size.name}`] = { overflow: await overflowing(page), ...checks, violations, invisible: focus.invisible, problems };
        const r = report[`${name}@${size.name}`] as Record<string, unknown>;
        expect(r.overflow, `${name}@${size.name}`).toEqual([]);
        expect(r.unresolved, name).toEqual([]);
        expect(r.squeezed, `${name}@${size.name}`).toEqual([]);
        expect(r.headless, name).toEqual([]);
        expect(r.violations, `${name}@${size.name}`).toEqual([]);
        expect(r.invisible, name).toEqual([]);
        expect(focus.reached, `${name}: links reached with Tab`).toBe(focus.links);
        expect(problems, name).toEqual([]);
        if (site.endsWith('sv/') || site.endsWith('en/')) {
          expect(checks.glanceFirst, name).toBe(true);
          expect(checks.tocCount, name).toBeGreaterThan(5);
        }
        await page.close();
      }
    });
  }

  it('folds the contents away on a phone and keeps them in view beside the text on a desktop', async () => {
    const { page } = await loadPage(browser().context, `${session.url()}real/en/`);
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.locator('.toc-side').isVisible()).toBe(true);
    expect(await page.locator('.toc-fold').isVisible()).toBe(false);
    // the first section starts on the first screen, beside the contents
    const side = await page.locator('.toc-side').boundingBox();
    const main = await page.locator('main').boundingBox();
    expect(side!.x + side!.width).toBeLessThanOrEqual(main!.x);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    expect((await page.locator('.toc-side').boundingBox())!.y).toBeGreaterThanOrEqual(-1);
    expect((await page.locator('.toc-side').boundingBox())!.y).toBeLessThan(50);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.locator('.toc-side').isVisible()).toBe(false);
    expect(await page.locator('.toc-fold').isVisible()).toBe(true);
    expect(await page.locator('.toc-fold ol').isVisible()).toBe(false);
    await page.locator('.toc-fold summary').click();
    expect(await page.locator('.toc-fold ol').isVisible()).toBe(true);
    await page.close();
  });

  it('stacks the archive and retention tables into labelled rows on a phone', async () => {
    for (const site of ['pending/sv/archive/', 'real/en/']) {
      const { page } = await loadPage(browser().context, `${session.url()}${site}`);
      await page.setViewportSize({ width: 390, height: 844 });
      const cells = await page.evaluate(() =>
        [...document.querySelectorAll('.reflow tbody tr:first-child td')].map((td) => ({ display: getComputedStyle(td).display, label: getComputedStyle(td, '::before').content })),
      );
      expect(cells.length).toBeGreaterThan(3);
      for (const c of cells) {
        expect(c.display).toBe('block');
        expect(c.label).toMatch(/^".+: "$/);
      }
      await page.close();
    }
  });

  it('has no contrast violation in dark mode either', async () => {
    const page = await browser().context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const site of ['pending/sv/', 'pending/en/2026-12-20/diff/']) {
      await page.goto(`${session.url()}${site}`);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(18, 20, 23)');
      expect((await axeViolations(page)).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), site).toEqual([]);
    }
    await page.screenshot({ path: path.join(artifacts, 'publish-diff-en-dark.png'), fullPage: false });
    await page.close();
  });
});
