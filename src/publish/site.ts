import type { DataTypeDefinition, Policy, PolicyVersion } from '../core/types.js';
/** The page languages publish has wording for (until its wording moves to rules/languages). */
type Lang = 'sv' | 'en';
import { timeline, type TimelineEntry } from '../policy/timeline.js';

/** Everything a page needs to know about the site, computed once. */
export interface Site {
  policy: Policy;
  at: string;
  /** with a trailing slash, or undefined for relative links only */
  baseUrl?: string;
  /** the versions on the site: published on or before `at`, by effective date */
  versions: PolicyVersion[];
  entries: TimelineEntry[];
  inForce?: PolicyVersion;
  pending: PolicyVersion[];
  dataTypes: DataTypeDefinition[];
  /**
   * The languages the site is published in: the authoritative one first, then its translations.
   * A Swedish-only policy (`translations: []`) gets no en/ pages, and no link or hreflang to them.
   */
  langs: Lang[];
  /** the language whose wording applies; the other pages say they are translations of it */
  authoritative: Lang;
}

export const LANGS: readonly Lang[] = ['sv', 'en'];

export function makeSite(policy: Policy, at: string, baseUrl: string | undefined, dataTypes: DataTypeDefinition[]): Site {
  const versions = policy.versions.filter((v) => v.published <= at);
  const entries = timeline({ ...policy, versions }, at);
  const declared = policy.identity.languages;
  const known = (l: string): l is Lang => (LANGS as readonly string[]).includes(l);
  const authoritative: Lang = declared && known(declared.authoritative) ? declared.authoritative : 'sv';
  const translations: readonly Lang[] = declared ? (declared.translations ?? []).filter(known) : LANGS;
  const langs = [authoritative, ...LANGS.filter((l) => l !== authoritative && translations.includes(l))];
  return {
    policy,
    at,
    baseUrl,
    versions,
    entries,
    inForce: entries.find((e) => e.status === 'in-force')?.version,
    pending: entries.filter((e) => e.status === 'pending').map((e) => e.version),
    dataTypes,
    langs,
    authoritative,
  };
}

/** The version before `v` on the site, for its diff page. */
export function previousVersion(site: Site, v: PolicyVersion): PolicyVersion | undefined {
  const i = site.versions.indexOf(v);
  return i > 0 ? site.versions[i - 1] : undefined;
}

// Site paths are folders ("sv/2018-05-20/"); "" is the root. Each folder holds an index.html.
export const paths = {
  root: '',
  current: (lang: Lang) => `${lang}/`,
  version: (lang: Lang, v: string) => `${lang}/${v}/`,
  diff: (lang: Lang, v: string) => `${lang}/${v}/diff/`,
  archive: (lang: Lang) => `${lang}/archive/`,
  stylesheet: 'style.css',
  feed: 'feed.xml',
  versionsJson: 'versions.json',
};

/** A link from the page at folder `from` to the site path `to`: relative, so the site works under any prefix. */
export function relative(from: string, to: string): string {
  const hashAt = to.indexOf('#');
  const hash = hashAt === -1 ? '' : to.slice(hashAt);
  const target = hashAt === -1 ? to : to.slice(0, hashAt);
  const fromDirs = from.split('/').filter(Boolean);
  const toParts = target.split('/');
  const file = toParts.pop()!; // '' for a folder
  let common = 0;
  while (common < fromDirs.length && common < toParts.length && fromDirs[common] === toParts[common]) common++;
  const rel = '../'.repeat(fromDirs.length - common) + toParts.slice(common).map((p) => `${p}/`).join('') + file;
  return (rel === '' ? './' : rel) + hash;
}

/** An absolute URL of a site path when --base-url is given. */
export function absolute(site: Site, to: string): string | undefined {
  return site.baseUrl === undefined ? undefined : site.baseUrl + to;
}

/** The link to write: absolute with --base-url, relative without. */
export function href(site: Site, from: string, to: string): string {
  return absolute(site, to) ?? relative(from, to);
}
