import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { builtinDataTypesFile } from '../classify/index.js';
import { esc } from './escape.js';

/**
 * The published site's own wording, one set per language: the `page:` key of
 * rules/languages/<tag>.yaml. Other top-level keys of those files belong to other parts of
 * policyproof and are ignored here. Every file must have the keys en.yaml has, and each template
 * the same placeholders, so a language can be added by adding a file.
 */

type Forms = { one: string; other: string };
/** A unit's count forms, and optional named grammatical forms ({duration:dat} → dat). */
export type UnitForms = Forms & Record<string, string | Forms>;

export interface PageWords {
  tag: string;
  languageName: string;
  ogLocale: string;
  /** data-type names in running text start lower-case (false for German, whose nouns keep their capital) */
  lowercaseNames: boolean;
  languageAdjectives: Record<string, string>;
  skip: string; current: string; archive: string; contents: string; status: string; published: string;
  effective: string; until: string; untilFuture: string; version: string; summary: string; changes: string;
  changesFrom: string; firstVersion: string; readVersion: string; untilFurther: string; inForceInterval: string;
  retentionTable: string; retentionCaption: string; category: string; holds: string; retention: string;
  basis: string; youCan: string; noneStated: string; noPersonalData: string; nothing: string;
  noVersion: string; noVersionUntil: string; bannerTitle: string; bannerText: string; firstBannerTitle: string;
  firstBannerText: string; bannerSummary: string; daysLeft: Forms; readNew: string; readFirst: string; seeDiff: string;
  rightToReject: string; readUpdates: string; diffTitle: string; diffLegend: string; added: string; removed: string;
  unchanged: string; newSection: string; removedSection: string; rulesChanged: string; before: string; after: string;
  noChanges: string; untranslated: string; feed: string; data: string; pdf: string; translationNote: string;
  readAuthoritative: string; ofThisPage: string; chooseLanguage: string; siteNav: string;
  statusOf: Record<'in-force' | 'superseded' | 'pending', string>;
  date: string; months: string[];
  sectionLabels: Record<'introduction' | 'storage', string>;
  units: Record<string, UnitForms>;
  atLeast: string; atMost: string; byDefault: string; configurable: string;
  untilEvent: Record<string, string>; bases: Record<string, string>; promises: Record<string, string>;
  glanceTitle: string; glanceNote: string; glanceKept: string; glanceNever: string; glanceWhere: string; glanceCan: string;
  kept: Record<GlanceShape | 'by-law', string>;
  untilWhen: Record<string, string>;
  stored: Record<string, string>;
  landingCurrent: string; landingPending: string; landingNone: string;
  description: string; descriptionNone: string; descriptionArchive: string; descriptionDiff: string;
}

export type GlanceShape =
  | 'fixed' | 'max' | 'until' | 'until-max' | 'default' | 'default-configurable' | 'min' | 'min-max' | 'max-configurable' | 'configurable' | 'none';

export class WordsError extends Error {}

const REFERENCE = 'en';
let cache: Map<string, PageWords> | undefined;

/** Every language the site can be published in, by BCP 47 tag (read once). */
export function pageLanguages(): Map<string, PageWords> {
  if (!cache) cache = loadPageWords(path.join(path.dirname(builtinDataTypesFile()), 'languages'));
  return cache;
}

/** The wording of one language; an unknown tag is an error naming the file to add. */
export function wordsFor(tag: string): PageWords {
  const words = pageLanguages().get(tag);
  if (!words) throw new WordsError(`no page wording for language "${tag}": add rules/languages/${tag}.yaml with a "page:" key (see rules/languages/en.yaml)`);
  return words;
}

/** Reads the `page:` key of every rules/languages/*.yaml in `dir` and checks each against en.yaml. */
export function loadPageWords(dir: string): Map<string, PageWords> {
  const raw = new Map<string, Record<string, unknown>>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml')).sort()) {
    const tag = name.slice(0, -'.yaml'.length);
    const file = `rules/languages/${name}`;
    let doc: unknown;
    try {
      doc = parse(readFileSync(path.join(dir, name), 'utf8'));
    } catch (err) {
      throw new WordsError(`${file}: ${(err as Error).message.split('\n')[0]}`);
    }
    const page = (doc as Record<string, unknown> | null)?.page;
    if (page === undefined) continue; // a language file with no page wording: the site is not offered in it
    if (!isMap(page)) throw new WordsError(`${file}: "page" must be a mapping`);
    raw.set(tag, page);
  }
  const reference = raw.get(REFERENCE);
  if (!reference) throw new WordsError(`rules/languages/${REFERENCE}.yaml: no "page:" key; it is the reference for every language`);
  const result = new Map<string, PageWords>();
  for (const [tag, page] of raw) {
    const problems = compare(reference, page, 'page');
    if (problems.length) throw new WordsError(`rules/languages/${tag}.yaml: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`);
    const words = Object.fromEntries(Object.entries(page).map(([k, v]) => [k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
    result.set(tag, { ...words, tag } as unknown as PageWords);
  }
  return result;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{([a-z]+)(?::[a-z]+)?\}/g)].map((m) => m[1]))].sort().join(',');

/** What `other` lacks or has wrong compared with the reference wording. */
function compare(ref: unknown, other: unknown, at: string): string[] {
  if (typeof ref === 'boolean') return typeof other === 'boolean' ? [] : [`${at} must be true or false`];
  if (typeof ref === 'string') {
    if (typeof other !== 'string') return [`${at} must be text`];
    return placeholders(ref) === placeholders(other) ? [] : [`${at} must use the placeholders {${placeholders(ref)}}`];
  }
  if (Array.isArray(ref)) {
    if (!Array.isArray(other) || other.length !== ref.length || other.some((x) => typeof x !== 'string')) return [`${at} must be a list of ${ref.length} texts`];
    return [];
  }
  if (!isMap(other)) return [`${at} must be a mapping`];
  const problems: string[] = [];
  for (const key of Object.keys(ref as Record<string, unknown>)) {
    if (!(key in other)) problems.push(`${at}.${key} is missing`);
    else problems.push(...compare((ref as Record<string, unknown>)[key], other[key], `${at}.${key}`));
  }
  // a unit may carry named grammatical forms of its own ({duration:dat}); elsewhere an extra key is a typo
  const unit = /^page\.units\.[A-Z]$/.test(at);
  for (const key of Object.keys(other)) {
    if (key in (ref as Record<string, unknown>)) continue;
    if (unit && isMap(other[key]) && typeof other[key].one === 'string' && typeof other[key].other === 'string') continue;
    problems.push(`${at}.${key} is not a key of rules/languages/${REFERENCE}.yaml`);
  }
  return problems;
}

/** A value for a placeholder: text, or a function of the grammatical form asked for ({duration:gen}). */
export type Fill = string | ((form?: string) => string);

/** Fills a template's placeholders with text. */
export function fill(template: string, vars: Record<string, Fill>): string {
  return template.replace(/\{([a-z]+)(?::([a-z]+))?\}/g, (whole, name: string, form?: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === 'function' ? v(form) : v;
  });
}

/** Fills a template into HTML: its own text is escaped, the values are HTML already. */
export function fillHtml(template: string, html: Record<string, string>): string {
  let out = '';
  let last = 0;
  for (const m of template.matchAll(/\{([a-z]+)\}/g)) {
    const v = html[m[1]!];
    if (v === undefined) continue;
    out += esc(template.slice(last, m.index)) + v;
    last = m.index! + m[0].length;
  }
  return out + esc(template.slice(last));
}
