import { createHash } from 'node:crypto';
import type { Lang, LocalizedText, Location, Policy, TranslationPair } from '../core/types.js';
import { cmp } from '../core/compare.js';
import { closest } from '../config/suggest.js';

/** sha256 (hex) of the exact string, UTF-8: the identity of a text in translations.lock. */
export function hashText(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** One confirmed pair as written in translations.lock. */
export interface LockEntry extends TranslationPair {
  /** the version the pair was confirmed in (a confirmation is by content, so it holds in any version) */
  version: string;
  /** title | summary | sections.<id>.heading | sections.<id>.text */
  key: string;
}

export type TranslationState = 'confirmed' | 'unconfirmed' | 'stale' | 'missing';

/** One text of the policy and one of its translations (a policy with two translations has two per text). */
export interface TranslatableText {
  version: string;
  key: string;
  file: string;
  /** the authoritative language and the translation */
  from: Lang;
  to: Lang;
  source?: string;
  target?: string;
  sourceLocation: Location;
  targetLocation: Location;
}

export interface TranslationItem extends TranslatableText {
  source: string;
  state: TranslationState;
  sourceHash: string;
  targetHash?: string;
}

/**
 * Every text of the policy paired with each translation: the title (listed with the first version),
 * and for each version its summary and each section's heading and text. Sorted by version, key, then
 * translation. A policy with no translation declared has none.
 */
export function translatableTexts(policy: Policy): TranslatableText[] {
  const { authoritative: from, translations } = policy.identity.languages;
  const out: TranslatableText[] = [];
  const add = (version: string, key: string, file: string, locate: (p: Array<string | number>) => Location, path: Array<string | number>, text: LocalizedText | undefined) => {
    if (!text) return;
    for (const to of translations) {
      if (text[from] === undefined && text[to] === undefined) continue;
      out.push({ version, key, file, from, to, source: text[from], target: text[to], sourceLocation: locate([...path, from]), targetLocation: locate([...path, to]) });
    }
  };
  const first = policy.versions[0];
  const { title, locate, file } = policy.identity;
  if (first) add(first.version, 'title', file, locate, ['title'], title);
  for (const v of policy.versions) {
    add(v.version, 'summary', v.file, v.locate, ['summary'], v.summary);
    for (const s of v.sections) {
      add(v.version, `sections.${s.id}.heading`, v.file, v.locate, ['sections', s.index, 'heading'], s.heading);
      add(v.version, `sections.${s.id}.text`, v.file, v.locate, ['sections', s.index, 'text'], s.text);
    }
  }
  return out.sort((a, b) => cmp(a.version, b.version) || cmp(a.key, b.key) || translations.indexOf(a.to) - translations.indexOf(b.to));
}

/** Absent, blank, or a TODO placeholder (as `policy new` writes): not a text yet. */
export function isPlaceholder(s: string | undefined): boolean {
  return s === undefined || s.trim() === '' || /^todo\b/i.test(s.trim());
}

/** The lock entries of a loaded policy (the loader keeps version and key beside the hashes). */
export function lockEntries(policy: Policy): LockEntry[] {
  return policy.translations.map((p) => ({ ...p, version: p.version ?? '', key: p.key ?? '' }));
}

/**
 * The state of every authoritative text's translation into each declared language:
 * - confirmed: some lock entry holds exactly this (authoritative, translation) pair of hashes;
 * - stale: not confirmed, and the lock confirmed this same translated text for this key with another
 *   authoritative text — the authoritative text changed since the translation was confirmed;
 * - unconfirmed: a translated text that no one has confirmed;
 * - missing: an authoritative text with no translation.
 * A translated text with no authoritative one is not listed here (section-parity reports it).
 */
export function translationStatus(policy: Policy): TranslationItem[] {
  const lock = lockEntries(policy);
  const confirmed = new Set(lock.map((e) => `${e.to} ${e.source} ${e.target}`));
  const out: TranslationItem[] = [];
  for (const t of translatableTexts(policy)) {
    if (isPlaceholder(t.source)) continue;
    const sourceHash = hashText(t.source!);
    if (isPlaceholder(t.target)) {
      out.push({ ...t, source: t.source!, sourceHash, state: 'missing' });
      continue;
    }
    const targetHash = hashText(t.target!);
    let state: TranslationState;
    if (confirmed.has(`${t.to} ${sourceHash} ${targetHash}`)) state = 'confirmed';
    else if (confirmedBefore(lock, t.key, t.to, targetHash, sourceHash)) state = 'stale';
    else state = 'unconfirmed';
    out.push({ ...t, source: t.source!, sourceHash, targetHash, state });
  }
  return out;
}

function confirmedBefore(lock: LockEntry[], key: string, to: Lang, targetHash: string, sourceHash: string): LockEntry | undefined {
  return lock.find((e) => e.key === key && e.to === to && e.target === targetHash && e.source !== sourceHash);
}

/**
 * The authoritative text a stale translation was confirmed against, when the policy still holds it
 * somewhere (another version's text of the same key, or any text with that hash): for the word diff
 * of `translations status`.
 */
export function confirmedSource(policy: Policy, item: TranslationItem): string | undefined {
  if (item.state !== 'stale' || !item.targetHash) return undefined;
  const entry = confirmedBefore(lockEntries(policy), item.key, item.to, item.targetHash, item.sourceHash);
  if (!entry) return undefined;
  const texts = translatableTexts(policy);
  const same = [...texts.filter((t) => t.key === item.key), ...texts];
  return same.find((t) => t.source !== undefined && hashText(t.source) === entry.source)?.source;
}

/** The lock entry a stale item was confirmed as (its authoritative text's hash then). */
export function staleEntry(policy: Policy, item: TranslationItem): LockEntry | undefined {
  return item.targetHash ? confirmedBefore(lockEntries(policy), item.key, item.to, item.targetHash, item.sourceHash) : undefined;
}

/** translations.lock text from entries: deterministic (sorted by version, key, translation, hashes). */
export function formatLock(entries: LockEntry[]): string {
  const sorted = [...entries].sort((a, b) => cmp(a.version, b.version) || cmp(a.key, b.key) || cmp(a.to, b.to) || cmp(a.source, b.source) || cmp(a.target, b.target));
  const lines = [
    '# Confirmed translations: sha256 of the exact authoritative and translated strings (UTF-8, as loaded from YAML).',
    '# Written by `policyproof translations accept`; do not edit by hand.',
    'version: 1',
  ];
  if (sorted.length === 0) lines.push('pairs: []');
  else {
    lines.push('pairs:');
    for (const e of sorted) lines.push(`  - {version: ${yamlScalar(e.version)}, key: ${yamlScalar(e.key)}, ${e.from}: ${e.source}, ${e.to}: ${e.target}}`);
  }
  return lines.join('\n') + '\n';
}

function yamlScalar(s: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) ? s : JSON.stringify(s);
}

/**
 * Which texts a `translations accept` argument names: `<section>` (its heading and text),
 * `<section>.heading`, `<section>.text`, `title`, `summary`, or a full key `sections.<id>.text`.
 */
export function selectorMatches(selector: string, key: string): boolean {
  const full = selector.startsWith('sections.') || selector === 'title' || selector === 'summary' ? selector : `sections.${selector}`;
  return key === full || key.startsWith(`${full}.`);
}

/** A selector that names no text of the policy, with the nearest section id when there is one. */
export function unknownSelector(policy: Policy, selector: string): string | undefined {
  const keys = translatableTexts(policy).map((t) => t.key);
  if (keys.some((k) => selectorMatches(selector, k))) return undefined;
  const ids = [...new Set(policy.versions.flatMap((v) => v.sections.map((s) => s.id)))];
  const near = closest(selector.split('.')[0]!, [...ids, 'title', 'summary']);
  return `"${selector}" names no text of the policy${near ? `; did you mean "${near}"?` : ''} (a section id, <id>.heading, <id>.text, title or summary)`;
}

export interface AcceptResult {
  lock: string;
  /** the pairs confirmed now (they were unconfirmed or stale) */
  accepted: TranslationItem[];
}

/**
 * `policyproof translations accept [<selector>…]`: the new translations.lock confirming the pairs the
 * selectors name (every pair with both languages when `selectors` is undefined). Confirmations of
 * other current texts are kept; pairs no text uses any more are dropped; missing ones stay missing.
 */
export function acceptTranslations(policy: Policy, selectors?: string[]): AcceptResult {
  const chosen = (key: string) => !selectors || selectors.some((s) => selectorMatches(s, key));
  const entries: LockEntry[] = [];
  const seen = new Set<string>();
  const accepted: TranslationItem[] = [];
  for (const t of translationStatus(policy)) {
    if (t.state === 'missing' || !t.targetHash) continue;
    if (t.state !== 'confirmed' && !chosen(t.key)) continue;
    if (t.state !== 'confirmed') accepted.push(t);
    const e: LockEntry = { version: t.version, key: t.key, from: t.from, to: t.to, source: t.sourceHash, target: t.targetHash };
    const id = `${e.version} ${e.key} ${e.to} ${e.source} ${e.target}`;
    if (!seen.has(id)) {
      seen.add(id);
      entries.push(e);
    }
  }
  return { lock: formatLock(entries), accepted };
}
