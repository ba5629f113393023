import { createHash } from 'node:crypto';
import type { Location, Policy, TranslationPair } from '../core/types.js';
import { cmp } from '../core/compare.js';

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

export interface TranslatableText {
  version: string;
  key: string;
  file: string;
  sv?: string;
  en?: string;
  svLocation: Location;
  enLocation: Location;
}

export interface TranslationItem extends TranslatableText {
  sv: string;
  state: TranslationState;
  svHash: string;
  enHash?: string;
}

/**
 * Every text of the policy that has a translation: the title (listed with the first version), and for
 * each version its summary and each section's heading and text. Sorted by version, then key.
 */
export function translatableTexts(policy: Policy): TranslatableText[] {
  const out: TranslatableText[] = [];
  const first = policy.versions[0];
  const { title, locate, file } = policy.identity;
  if (first && (title.sv !== undefined || title.en !== undefined)) {
    out.push({ version: first.version, key: 'title', file, sv: title.sv, en: title.en, svLocation: locate(['title', 'sv']), enLocation: locate(['title', 'en']) });
  }
  for (const v of policy.versions) {
    const add = (key: string, path: Array<string | number>, text: { sv?: string; en?: string } | undefined) => {
      if (!text || (text.sv === undefined && text.en === undefined)) return;
      out.push({ version: v.version, key, file: v.file, sv: text.sv, en: text.en, svLocation: v.locate([...path, 'sv']), enLocation: v.locate([...path, 'en']) });
    };
    add('summary', ['summary'], v.summary);
    for (const s of v.sections) {
      add(`sections.${s.id}.heading`, ['sections', s.index, 'heading'], s.heading);
      add(`sections.${s.id}.text`, ['sections', s.index, 'text'], s.text);
    }
  }
  return out.sort((a, b) => cmp(a.version, b.version) || cmp(a.key, b.key));
}

/** Absent, blank, or a TODO placeholder (as `policy new` writes): not a text yet. */
export function isPlaceholder(s: string | undefined): boolean {
  return s === undefined || s.trim() === '' || /^todo\b/i.test(s.trim());
}


/** The lock entries of a loaded policy (the loader keeps version and key beside the hashes). */
export function lockEntries(policy: Policy): LockEntry[] {
  return policy.translations.map((p) => {
    const e = p as Partial<LockEntry> & TranslationPair;
    return { version: e.version ?? '', key: e.key ?? '', sv: e.sv, en: e.en };
  });
}

/**
 * The state of every Swedish text's translation:
 * - confirmed: some lock entry holds exactly this (Swedish, English) pair of hashes;
 * - stale: not confirmed, and the lock confirmed this same English text for this key with another
 *   Swedish text — the Swedish changed since the translation was confirmed;
 * - unconfirmed: an English text that no one has confirmed;
 * - missing: a Swedish text with no English one.
 * An English text with no Swedish one is not listed here (section-parity reports it). A policy that
 * declares no English translation lists nothing.
 */
export function translationStatus(policy: Policy): TranslationItem[] {
  // a policy published in Swedish only (no English translation declared) has nothing to translate
  if (!policy.identity.languages.translations.includes('en')) return [];
  const lock = lockEntries(policy);
  const confirmed = new Set(lock.map((e) => `${e.sv} ${e.en}`));
  const out: TranslationItem[] = [];
  for (const t of translatableTexts(policy)) {
    if (isPlaceholder(t.sv)) continue;
    const svHash = hashText(t.sv!);
    if (isPlaceholder(t.en)) {
      out.push({ ...t, sv: t.sv!, svHash, state: 'missing' });
      continue;
    }
    const enHash = hashText(t.en!);
    let state: TranslationState;
    if (confirmed.has(`${svHash} ${enHash}`)) state = 'confirmed';
    else if (lock.some((e) => e.key === t.key && e.en === enHash && e.sv !== svHash)) state = 'stale';
    else state = 'unconfirmed';
    out.push({ ...t, sv: t.sv!, svHash, enHash, state });
  }
  return out;
}

/** translations.lock text from entries: deterministic (sorted by version, key, hashes). */
export function formatLock(entries: LockEntry[]): string {
  const sorted = [...entries].sort((a, b) => cmp(a.version, b.version) || cmp(a.key, b.key) || cmp(a.sv, b.sv) || cmp(a.en, b.en));
  const lines = [
    '# Confirmed translations: sha256 of the exact Swedish and English strings (UTF-8, as loaded from YAML).',
    '# Written by `policyproof translations accept`; do not edit by hand.',
    'version: 1',
  ];
  if (sorted.length === 0) lines.push('pairs: []');
  else {
    lines.push('pairs:');
    for (const e of sorted) lines.push(`  - {version: ${yamlScalar(e.version)}, key: ${yamlScalar(e.key)}, sv: ${e.sv}, en: ${e.en}}`);
  }
  return lines.join('\n') + '\n';
}

function yamlScalar(s: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) ? s : JSON.stringify(s);
}

/**
 * `policyproof translations accept`: the new translations.lock confirming every current pair that has
 * both languages. Pairs no text uses any more are dropped; missing translations stay missing.
 */
export function acceptTranslations(policy: Policy): string {
  const entries: LockEntry[] = [];
  const seen = new Set<string>();
  for (const t of translatableTexts(policy)) {
    if (isPlaceholder(t.sv) || isPlaceholder(t.en)) continue;
    const e = { version: t.version, key: t.key, sv: hashText(t.sv!), en: hashText(t.en!) };
    const id = `${e.version} ${e.key} ${e.sv} ${e.en}`;
    if (!seen.has(id)) {
      seen.add(id);
      entries.push(e);
    }
  }
  return formatLock(entries);
}
