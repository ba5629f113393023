/**
 * Small helpers shared by the lifecycle rules (rules/<id>.ts): which versions they judge, how to
 * quote the promise a finding protects, and how two versions' content compare.
 */
import { findWrittenDurations, sentenceAt } from './duration-words.js';
import type { FindingPromise, Lang, LocalizedText, Policy, PolicyVersion, RuleContext, Section } from '../core/types.js';
import { languageData } from './languages.js';

export type Promise4Finding = FindingPromise;

/**
 * Versions whose wording still matters: the one in force at `ctx.at` and every later one
 * (all versions when none is in force yet). Superseded versions are history and cannot change.
 */
export function liveVersions(ctx: RuleContext): PolicyVersion[] {
  const first = ctx.inForce;
  return first ? ctx.policy.versions.filter((v) => v.effective >= first.effective) : ctx.policy.versions;
}

/**
 * Lifecycle rules judge the policy itself, once: the engine may call every rule again for each
 * pending version (timing 'pending'), and that pass must not repeat lifecycle findings.
 */
export function onceOnly(ctx: RuleContext): boolean {
  return ctx.timing !== 'pending';
}

const MAX_QUOTE = 400;
function clip(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > MAX_QUOTE ? `${one.slice(0, MAX_QUOTE - 1)}…` : one;
}

/** The words of a language's data file that say data is kept, as one regular expression. */
function keepsPattern(lang: string): RegExp | undefined {
  const words = languageData(lang).keeps;
  if (words.length === 0) return undefined;
  const alternatives = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return new RegExp(`(?<![\\p{L}])(${alternatives.join('|')})(?![\\p{L}])`, 'iu');
}

/** Each language's text picked by `pick`, in the order the file writes the languages. */
export function perLanguage(text: LocalizedText, pick: (text: string, lang: string) => string | undefined): LocalizedText {
  const out: LocalizedText = {};
  for (const [lang, t] of Object.entries(text)) {
    if (!t) continue;
    const chosen = pick(t, lang);
    if (chosen !== undefined) out[lang] = chosen;
  }
  return out;
}

/** The first sentence of each language's text of a section, or the sentence stating a duration. */
export function sectionPromise(version: PolicyVersion, section: Section, seconds?: number): Promise4Finding {
  const text = perLanguage(section.text, (t, lang) => {
    const hit = findWrittenDurations(t, lang).find((d) => seconds === undefined || d.seconds === seconds);
    if (hit) return clip(sentenceAt(t, hit.index));
    // else the sentence that says what is kept ("Vi lagrar …", "We store …"), else the first one
    const keeps = keepsPattern(lang)?.exec(t);
    return clip(sentenceAt(t, keeps ? keeps.index : 0));
  });
  return { text, location: version.locate(['sections', section.index, 'text']) };
}

/**
 * Findings that hold for several versions alike (the same section, unchanged) become one, placed in
 * the first version and naming them all: `add(id, version, make)` collects; `flush` reports.
 */
export function acrossVersions<T>(report: (first: T, versions: string[]) => void) {
  const groups = new Map<string, { first: T; versions: string[] }>();
  return {
    add(id: string, version: string, item: T) {
      const g = groups.get(id);
      if (g) g.versions.push(version);
      else groups.set(id, { first: item, versions: [version] });
    },
    flush() {
      for (const { first, versions } of groups.values()) report(first, versions);
    },
  };
}

/** "version 2026-01-01", "versions 2025-01-01, 2026-01-01" */
export function versionsWord(versions: string[]): string {
  return `version${versions.length > 1 ? 's' : ''} ${versions.join(', ')}`;
}

/** The section that states the notice for later versions: whichever has `notice:` (ids are the policy's own). */
export function noticeSection(version: PolicyVersion): Section | undefined {
  return version.sections.find((s) => s.notice);
}

/** The languages a policy is written in: the authoritative one, then its declared translations. */
export function policyLanguages(policy: Policy): Lang[] {
  const { authoritative, translations } = policy.identity.languages;
  return [...new Set<Lang>([authoritative, ...translations])];
}

/** The updates section's promise, quoting the sentence that states the notice. */
export function updatesPromise(version: PolicyVersion): Promise4Finding | undefined {
  const s = noticeSection(version);
  if (!s) return undefined;
  const p = sectionPromise(version, s, s.notice?.seconds);
  if (s.notice) p.location = version.locate(['sections', s.index, 'notice']);
  return p;
}

/** Content of a version for comparison: comments, quoting style and key order do not count. */
function content(v: PolicyVersion): unknown {
  return {
    version: v.version,
    published: v.published,
    effective: v.effective,
    summary: v.summary,
    sections: v.sections.map((s) => ({
      id: s.id,
      heading: s.heading,
      text: s.text,
      category: s.category && {
        holds: s.category.holds,
        forbids: s.category.forbids,
        promises: s.category.promises,
        retention: s.category.retention && {
          min: s.category.retention.min?.text,
          max: s.category.retention.max?.text,
          default: s.category.retention.default?.text,
          configurable: s.category.retention.configurable,
          until: s.category.retention.until,
          basis: s.category.retention.basis,
          source: s.category.retention.source,
        },
      },
      storage: s.storage,
      notice: s.notice?.text,
    })),
  };
}

/**
 * The first path at which two versions' content differs (in the order of `after`'s document),
 * or undefined when they are the same. Paths address nodes of the version file (for `locate`).
 */
export function firstDifference(before: PolicyVersion, after: PolicyVersion): Array<string | number> | undefined {
  const walk = (a: unknown, b: unknown, path: Array<string | number>): Array<string | number> | undefined => {
    if (a === b) return undefined;
    if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return path;
    if (Array.isArray(a) !== Array.isArray(b)) return path;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (i >= b.length) return path;
        const d = walk(a[i], b[i], [...path, i]);
        if (d) return d;
      }
      return undefined;
    }
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(bo), ...Object.keys(ao)])]) {
      const d = walk(ao[k], bo[k], [...path, k]);
      if (d) return bo[k] === undefined ? path : d;
    }
    return undefined;
  };
  return walk(content(before), content(after), []);
}

/** "sections[3].text.sv" */
export function displayPath(p: ReadonlyArray<string | number>): string {
  let out = '';
  for (const seg of p) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** Blank or a TODO placeholder: not yet written. */
export function isBlank(s: string | undefined): boolean {
  return s === undefined || s.trim() === '' || /^todo\b/i.test(s.trim());
}
