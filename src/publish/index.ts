import { loadBuiltinDataTypes } from '../classify/index.js';
import type { DataTypeDefinition, Finding, Policy } from '../core/types.js';
import { atomFeed, versionsJson } from './feed.js';
import { OutputRefused, writeSite } from './output.js';
import { archivePage, diffPage, landingPage } from './pages.js';
import { policyPage, RESERVED_IDS } from './policy-page.js';
import { makeSite, paths, previousVersion, siteLanguages } from './site.js';
import { stylesheet } from './style.js';
import { DEFAULT_THEME, loadTheme, type Theme, type ThemeConfig } from './theme.js';
import { WordsError } from './words.js';

export { MARKER } from './output.js';

/** A refusal to publish, with a one-line message for the user. */
export class PublishError extends Error {
  override name = 'PublishError';
}

export interface PublishOptions {
  /** the folder to write the site into (created, or replaced when it holds a previous publish) */
  out: string;
  /** YYYY-MM-DD: the site shows the version in force on this date */
  at: string;
  /** absolute URL the site is served from: canonical and hreflang links, feed and versions.json become absolute */
  baseUrl?: string;
  /** publish although the policy fails its lifecycle rules */
  force?: boolean;
  /** the lifecycle findings of the policy (computed by the caller): any error refuses the publish */
  lifecycleFindings?: Finding[];
  /** the data-type vocabulary for the names in the retention table (default: rules/data-types.yaml) */
  dataTypes?: DataTypeDefinition[];
  /** `publish.theme` of policyproof.yaml; file paths relative to the working directory */
  theme?: ThemeConfig;
  /** also print every version to PDF with Chromium (`publish --pdf`) */
  pdf?: boolean;
}

export interface BuildOptions {
  at: string;
  baseUrl?: string;
  dataTypes?: DataTypeDefinition[];
  /** the theme, its files already read (default: the site's own colours and fonts) */
  theme?: Theme;
  /** the pages link to the PDF of each version (the PDFs are printed by publishSite) */
  pdf?: boolean;
}

export interface BuiltSite {
  /** site path ("sv/index.html") → content, sorted by path */
  files: Map<string, string>;
  /** binary files (the theme's logo), site path → bytes */
  assets: Map<string, Uint8Array>;
  warnings: string[];
}

/**
 * Renders the site in memory: no file system, same input → same bytes. `publishSite` writes it.
 */
export function buildSite(policy: Policy, opts: BuildOptions): BuiltSite {
  const at = checkDate(opts.at);
  const baseUrl = normalizeBaseUrl(opts.baseUrl);
  checkPolicyShape(policy);
  try {
    siteLanguages(policy);
  } catch (err) {
    if (err instanceof WordsError) throw new PublishError(err.message);
    throw err;
  }
  const theme = opts.theme ?? DEFAULT_THEME;
  const warnings: string[] = [];
  let vocabulary = opts.dataTypes;
  if (!vocabulary) {
    try {
      vocabulary = loadBuiltinDataTypes();
    } catch (err) {
      warnings.push(`the data-type vocabulary could not be read (${(err as Error).message}): the retention table shows data-type ids`);
    }
  }
  const dataTypes = [...(policy.identity.dataTypes ?? []), ...(vocabulary ?? [])];
  const site = makeSite(policy, at, baseUrl, dataTypes, theme, opts.pdf ?? false);
  warnings.push(...policy.versions
    .filter((v) => !site.versions.includes(v))
    .map((v) => `version ${v.version} is published on ${v.published}, after ${at}: left off the site until then`));
  if (site.versions.length === 0) warnings.push(`no version of the policy is published on or before ${at}: the site says so`);

  const files = new Map<string, string>();
  const page = (folder: string, html: string) => files.set(`${folder}index.html`, html);
  page(paths.root, landingPage(site));
  for (const lang of site.langs) {
    page(paths.current(lang), policyPage(site, site.inForce, lang, true));
    page(paths.archive(lang), archivePage(site, lang));
    for (const v of site.versions) {
      page(paths.version(lang, v.version), policyPage(site, v, lang, false));
      const prev = previousVersion(site, v);
      if (prev) page(paths.diff(lang, v.version), diffPage(site, v, prev, lang));
    }
  }
  files.set(paths.stylesheet, stylesheet(theme));
  if (theme.stylesheet !== undefined) files.set(paths.themeStylesheet, theme.stylesheet);
  const assets = new Map<string, Uint8Array>();
  if (theme.logo) assets.set(theme.logo.path, theme.logo.bytes);
  files.set(paths.feed, atomFeed(site));
  files.set(paths.versionsJson, versionsJson(site));
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), assets, warnings };
}

/**
 * `policyproof publish`: renders the policy site and writes it to `opts.out` through a temporary
 * folder renamed into place. Throws PublishError (one line) when it refuses.
 */
export async function publishSite(policy: Policy, opts: PublishOptions): Promise<{ files: string[]; warnings: string[] }> {
  const warnings: string[] = [];
  const errors = (opts.lifecycleFindings ?? []).filter((f) => f.severity === 'error' && !f.suppressed);
  if (errors.length) {
    const list = errors
      .slice(0, 3)
      .map((f) => `${f.ruleId} at ${f.location.file}:${f.location.line}:${f.location.column}: ${f.message.replace(/\s+/g, ' ')}`)
      .join('; ');
    const more = errors.length > 3 ? `; and ${errors.length - 3} more` : '';
    const summary = `the policy fails ${errors.length} lifecycle rule check${errors.length === 1 ? '' : 's'}: ${list}${more}`;
    if (!opts.force) throw new PublishError(`refusing to publish: ${summary}. Fix the policy, or publish anyway with --force`);
    warnings.push(`published with --force although ${summary}`);
  }
  let theme: Theme | undefined;
  try {
    theme = opts.theme ? await loadTheme(opts.theme) : undefined;
  } catch (err) {
    throw new PublishError((err as Error).message);
  }
  const built = buildSite(policy, { ...opts, theme });
  warnings.push(...built.warnings);
  const output = new Map<string, string | Uint8Array>([...built.files, ...built.assets]);
  if (opts.pdf) {
    const { printVersions } = await import('./pdf.js');
    for (const [name, bytes] of await printVersions(policy, built)) output.set(name, bytes);
  }
  const sorted = new Map([...output].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  try {
    warnings.push(...(await writeSite(opts.out, sorted)));
  } catch (err) {
    if (err instanceof OutputRefused) throw new PublishError(err.message);
    const e = err as NodeJS.ErrnoException;
    throw new PublishError(`--out ${opts.out}: cannot write the site (${e.code ?? e.message})`);
  }
  return { files: [...sorted.keys()], warnings };
}

function checkDate(at: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(at);
  if (!m || new Date(`${at}T00:00:00Z`).toISOString().slice(0, 10) !== at) {
    throw new PublishError(`--at ${at}: not a calendar date (YYYY-MM-DD)`);
  }
  return at;
}

function normalizeBaseUrl(baseUrl: string | undefined): string | undefined {
  if (baseUrl === undefined || baseUrl === '') return undefined;
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new PublishError(`--base-url ${baseUrl}: not an absolute URL (e.g. https://example.com/privacy/)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PublishError(`--base-url ${baseUrl}: must be an http(s) URL`);
  if (url.search || url.hash) throw new PublishError(`--base-url ${baseUrl}: must not hold a query or fragment`);
  const href = url.href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Versions and section ids become paths and anchors: refuse what cannot be one. */
function checkPolicyShape(policy: Policy): void {
  for (const v of policy.versions) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.version)) throw new PublishError(`${v.file}: version "${v.version}" is not a date (YYYY-MM-DD); it names the page's folder`);
    const seen = new Set<string>();
    for (const s of v.sections) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s.id)) throw new PublishError(`${v.file}: section id "${s.id}" cannot be an anchor (letters, digits, . _ - only)`);
      if (RESERVED_IDS.includes(s.id)) throw new PublishError(`${v.file}: section id "${s.id}" is reserved by the site`);
      if (seen.has(s.id)) throw new PublishError(`${v.file}: section id "${s.id}" appears twice`);
      seen.add(s.id);
    }
  }
}
