import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Lang, Policy } from '../core/types.js';
import { PublishError, type BuiltSite } from './index.js';
import { paths } from './site.js';

/**
 * `publish --pdf`: every version in every language printed by Chromium through the site's own
 * print stylesheet, for the legal archive. The pages are served to the browser from memory (no
 * server, no network: every other request is refused), and the PDF's dates and identifiers are set
 * from the version's publication date, so the same input gives the same bytes.
 */

const ORIGIN = 'http://policyproof.invalid/';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'];

export function chromiumPath(): string {
  return process.env.POLICYPROOF_CHROMIUM || '/usr/bin/chromium';
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif' };

/** site path of a PDF → its bytes, for every version page of the built site. */
export async function printVersions(policy: Policy, built: BuiltSite): Promise<Map<string, Uint8Array>> {
  const executable = chromiumPath();
  if (!existsSync(executable)) {
    throw new PublishError(`--pdf needs Chromium, not found at ${executable}: install it (apt-get install chromium) or set POLICYPROOF_CHROMIUM to its path`);
  }
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new PublishError('--pdf needs the playwright-core package to drive Chromium: npm install playwright-core');
  }
  const published = new Map(policy.versions.map((v) => [v.version, v.published]));
  const targets = [...built.files.keys()]
    .map((name) => /^([^/]+)\/(\d{4}-\d{2}-\d{2})\/index\.html$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ lang: m[1]!, version: m[2]!, page: `${m[1]}/${m[2]}/` }));
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'policyproof-pdf-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: executable, headless: true, args: CHROMIUM_ARGS, offline: true, env: { ...process.env, TZ: 'UTC' }, timezoneId: 'UTC' });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new PublishError(`--pdf: could not start Chromium at ${executable}: ${(err as Error).message.split('\n')[0]}`);
  }
  const out = new Map<string, Uint8Array>();
  try {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (!url.startsWith(ORIGIN)) return route.abort();
      let name = decodeURIComponent(new URL(url).pathname.slice(1));
      if (name === '' || name.endsWith('/')) name += 'index.html';
      const body = built.files.get(name) ?? built.assets.get(name);
      if (body === undefined) return route.fulfill({ status: 404, body: 'not found' });
      return route.fulfill({ status: 200, contentType: TYPES[path.extname(name)] ?? 'application/octet-stream', body: typeof body === 'string' ? body : Buffer.from(body) });
    });
    const page = await context.newPage();
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    for (const t of targets) {
      await page.goto(ORIGIN + t.page, { waitUntil: 'load' });
      // the PDF is the page through the site's print stylesheet: never a bare page
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.site-footer')!).display === 'none');
      if (!styled) throw new PublishError(`--pdf: the print stylesheet did not apply to ${t.page}`);
      const pdf = await page.pdf({ format: 'A4', margin: { top: '18mm', bottom: '18mm', left: '16mm', right: '16mm' }, printBackground: false, tagged: true, outline: true });
      out.set(paths.pdf(t.lang as Lang, t.version), fixMetadata(pdf, published.get(t.version) ?? t.version));
    }
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
  return out;
}

/**
 * Chromium stamps each PDF with the time it was printed (in UTC: it runs with TZ=UTC): the dates
 * become midnight of the version's publication date. Only the digits change, so the length and the
 * cross-reference offsets stay valid.
 */
export function fixMetadata(pdf: Uint8Array, date: string): Uint8Array {
  const stamp = `${date.replace(/-/g, '')}000000`;
  const text = Buffer.from(pdf).toString('latin1').replace(/\/(CreationDate|ModDate) \(D:\d{14}/g, (_m, key: string) => `/${key} (D:${stamp}`);
  return new Uint8Array(Buffer.from(text, 'latin1'));
}
