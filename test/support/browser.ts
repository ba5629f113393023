import { existsSync, promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/**
 * A real browser for tests: Debian's Chromium driven by playwright-core (no downloaded browser).
 * A missing Chromium fails the test with how to install it; it is never skipped.
 */
export const CHROMIUM = process.env.POLICYPROOF_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install chromium (apt-get install chromium), or set POLICYPROOF_CHROMIUM to its path`);
  }
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'policyproof-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      // axe-core is injected as a script; the site's own CSP forbids scripts, as it should
      bypassCSP: true,
      viewport: { width: 1100, height: 900 },
      offline: false,
    });
  } catch (err) {
    await fs.rm(userDataDir, { recursive: true, force: true });
    throw new Error(`could not start Chromium at ${CHROMIUM}: ${(err as Error).message.split('\n')[0]}`);
  }
  return {
    context,
    async close() {
      await context.close();
      await fs.rm(userDataDir, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/atom+xml; charset=utf-8',
  '.png': 'image/png',
};

export interface StaticServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  close(): Promise<void>;
}

/** Serves a folder on 127.0.0.1 (random port) as GitHub Pages would: folders answer with their index.html. */
export async function serveStatic(root: string): Promise<StaticServer> {
  const base = path.resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = path.join(base, ...pathname.split('/').filter(Boolean));
      if (file !== base && !file.startsWith(base + path.sep)) throw new Error('outside');
      const st = await fs.stat(file).catch(() => undefined);
      if (st?.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { location: `${pathname}/` }).end();
          return;
        }
        file = path.join(file, 'index.html');
      }
      const body = await fs.readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

/** Runs axe-core (node_modules/axe-core/axe.min.js) on the loaded page and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: path.resolve(import.meta.dirname, '../../node_modules/axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
  });
}

/** Loads a page and records what a user's console would show: errors, failed requests, uncaught exceptions. */
export async function loadPage(context: BrowserContext, url: string): Promise<{ page: Page; problems: string[]; status: number | undefined }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console ${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  return { page, problems, status: response?.status() };
}

export interface BrowserSession {
  /** the browser, or the test fails with why it could not start (a missing Chromium fails every test, never skips one) */
  browser(): Browser;
  /** http://127.0.0.1:PORT/ serving the folder the sites were published into */
  url(): string;
}

/**
 * One browser and one static server for a test file: `publish(dir)` writes the sites into a
 * temporary folder first; everything is removed after the file's tests.
 */
export function browserSession(publish: (dir: string) => Promise<void>): BrowserSession {
  let tmp: string | undefined;
  let server: StaticServer | undefined;
  let launched: Browser | undefined;
  let launchError: unknown;
  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'policyproof-browser-'));
    await publish(tmp);
    server = await serveStatic(tmp);
    launched = await launchBrowser().catch((err: unknown) => {
      launchError = err;
      return undefined;
    });
  }, 60_000);
  afterAll(async () => {
    await launched?.close();
    await server?.close();
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });
  return {
    browser() {
      if (!launched) throw launchError instanceof Error ? launchError : new Error(String(launchError));
      return launched;
    },
    url: () => server!.url,
  };
}
