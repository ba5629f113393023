import { noticeCheck, type NoticeCheck } from '../policy/notice.js';
import type { Policy, PolicyVersion } from '../core/types.js';
import { describeDuration } from '../core/duration.js';
import { daysBetween } from '../policy/timeline.js';
import { translationStatus, type TranslationItem } from '../policy/translations.js';
import { diffVersions, type RuleChange, type SectionDiff, type WordOp } from '../policy/diff.js';
import { code, escapeMarkdown } from './markdown.js';

/** What a pull request does to the policy, for the PR comment. */
export interface PolicyPreview {
  versions: VersionChange[];
  /** translations of the changed versions that are not confirmed (stale, unconfirmed, missing) */
  translations: TranslationItem[];
}

export interface VersionChange {
  version: PolicyVersion;
  change: 'added' | 'changed';
  /**
   * What the text is compared with: the same version on the base when it was changed; for an
   * added version, the version before it as the base has it (what customers read today).
   */
  against?: PolicyVersion;
  sections: SectionChange[];
  notice?: NoticeCheck;
}

export interface SectionChange {
  id: string;
  change: 'added' | 'removed' | 'changed';
  /** word diffs per language tag (authoritative first), of the heading and the text (policy/diff's edit scripts) */
  words: Record<string, WordOp[]>;
  /** machine rules that changed: category.retention.max, notice, storage.jurisdiction … */
  rules: RuleChange[];
}


/**
 * Compares the head policy with the base policy: versions added or whose content changed, each
 * with a word diff against what it replaces, the notice check, and unconfirmed translations.
 * (Lifecycle findings are in the comment's tables already.)
 */
export function previewPolicy(head: Policy, base: Policy | undefined): PolicyPreview {
  const baseByVersion = new Map((base?.versions ?? []).map((v) => [v.version, v]));
  const versions: VersionChange[] = [];
  for (const [i, v] of head.versions.entries()) {
    const before = baseByVersion.get(v.version);
    if (before && before.raw === v.raw) continue;
    const baseBefore = (base?.versions ?? []).filter((b) => b.effective < v.effective).at(-1);
    const against = before ?? baseBefore ?? head.versions[i - 1];
    versions.push({ version: v, change: before ? 'changed' : 'added', against, sections: sectionChanges(against, v), notice: noticeCheck(head, v) });
  }
  const changed = new Set(versions.map((c) => c.version.version));
  const translations = translationStatus(head).filter((t) => changed.has(t.version) && t.state !== 'confirmed');
  return { versions, translations };
}

/** The same binding rule as `notice-too-short`: the version in force on the new one's publication day. */

function sectionChanges(before: PolicyVersion | undefined, after: PolicyVersion): SectionChange[] {
  // The first version has nothing before it: diff it against an empty version, so all is added.
  const empty: PolicyVersion = { ...after, sections: [], summary: undefined };
  const diff = diffVersions(before ?? empty, after);
  const languages = [...new Set([...Object.keys(after.sections[0]?.text ?? {}), ...after.sections.flatMap((s) => Object.keys(s.text))])];
  const words = (d: SectionDiff, lang: string): WordOp[] => {
    const ops: WordOp[] = [];
    for (const part of [d.heading[lang], d.text[lang]]) {
      if (!part) continue;
      if (ops.length) ops.push({ op: 'same', text: ' — ' });
      if (part.ops.length) ops.push(...part.ops);
      else if (part.after !== undefined || part.before !== undefined) {
        const text = part.after ?? part.before ?? '';
        ops.push({ op: d.status === 'added' ? 'added' : d.status === 'removed' ? 'removed' : 'same', text });
      }
    }
    return ops;
  };
  return diff.sections
    .filter((d): d is SectionDiff & { status: SectionChange['change'] } => d.status !== 'unchanged')
    .map((d) => ({ id: d.id, change: d.status, words: Object.fromEntries(languages.map((l) => [l, words(d, l)])), rules: d.rules }));
}

const CONTEXT_WORDS = 12;

/** A word diff as Markdown: `<del>`/`<ins>` around escaped text; long unchanged runs elided. */
export function renderDiff(parts: WordOp[]): string {
  const out: string[] = [];
  parts.forEach((p, i) => {
    if (p.op === 'removed') out.push(`<del>${escapeMarkdown(p.text)}</del>`);
    else if (p.op === 'added') out.push(`<ins>${escapeMarkdown(p.text)}</ins>`);
    else {
      const words = p.text.split(/(\s+)/);
      const keepHead = i > 0 ? CONTEXT_WORDS * 2 : 0;
      const keepTail = i < parts.length - 1 ? CONTEXT_WORDS * 2 : 0;
      if (words.length <= keepHead + keepTail + 2) out.push(escapeMarkdown(p.text));
      else out.push(escapeMarkdown(words.slice(0, keepHead).join('')) + ' … ' + escapeMarkdown(words.slice(words.length - keepTail).join('')));
    }
  });
  return out.join('').trim() || '_(text unchanged)_';
}

/** The preview as a Markdown section of the PR comment. */
export function renderPreview(preview: PolicyPreview, at: string): string {
  const lines: string[] = ['### Policy change preview', ''];
  if (preview.versions.length === 0) lines.push('The policy folder changed, but no version’s content did.', '');
  for (const c of preview.versions) {
    const v = c.version;
    const against = c.against ? ` (compared with ${c.change === 'changed' ? 'the base’s' : 'version'} ${escapeMarkdown(c.against.version)})` : '';
    lines.push(`#### Version ${escapeMarkdown(v.version)} — ${c.change}${against}`, '');
    lines.push(`Published ${escapeMarkdown(v.published)}, effective ${escapeMarkdown(v.effective)}${v.effective > at ? ` (pending: in ${daysBetween(at, v.effective)} days)` : ''}.`, '');
    if (c.notice) {
      const n = c.notice;
      const verdict = n.ok
        ? `✅ Notice kept: ${n.days} days between publication and effect; version ${escapeMarkdown(n.binding.version)} promises ${escapeMarkdown(describeDuration(n.notice))} (${escapeMarkdown(n.notice.text)}).`
        : `❌ Notice too short: ${n.days} days between publication and effect; version ${escapeMarkdown(n.binding.version)}, in force when it was published, promises ${escapeMarkdown(describeDuration(n.notice))} (${escapeMarkdown(n.notice.text)}).`;
      lines.push(verdict, '', `Earliest lawful effective date: **${escapeMarkdown(n.earliest)}**.`, '');
    } else if (preview.versions.length && v === preview.versions[0]?.version && c.change === 'added') {
      lines.push('No earlier version binds a notice for this one.', '');
    }
    if (c.sections.length === 0) lines.push('No section text changed.', '');
    for (const s of c.sections) {
      lines.push(`<details${c.sections.length <= 3 ? ' open' : ''}><summary>Section ${code(s.id)} — ${s.change}</summary>`, '');
      for (const [lang, ops] of Object.entries(s.words)) lines.push(`- **${escapeMarkdown(lang)}:** ${renderDiff(ops)}`);
      for (const r of s.rules) lines.push(`- rule ${code(r.path)}: ${escapeMarkdown(r.before ?? '—')} → ${escapeMarkdown(r.after ?? '—')}`);
      lines.push('', '</details>', '');
    }
  }
  if (preview.translations.length) {
    lines.push('#### Translations not confirmed', '', '| Version | Text | State |', '|---|---|---|');
    for (const t of preview.translations) lines.push(`| ${escapeMarkdown(t.version)} | ${code(t.key)} | ${t.state} |`);
    lines.push('', 'Confirm a reviewed English text with `policyproof translations accept`.', '');
  }
  return lines.join('\n');
}

export { noticeCheck, type NoticeCheck };
