import type { Category, Lang, LocalizedText, PolicyVersion, Section } from '../core/types.js';

export type WordOp = { op: 'same' | 'added' | 'removed'; text: string };

export interface TextDiff {
  before?: string;
  after?: string;
  /** word-level edit script; concatenating same+removed gives `before`, same+added gives `after` */
  ops: WordOp[];
}

export interface RuleChange {
  /** e.g. category.retention.max, category.holds, notice, storage.jurisdiction */
  path: string;
  before?: string;
  after?: string;
}

export interface SectionDiff {
  id: string;
  status: 'added' | 'removed' | 'changed' | 'unchanged';
  heading: Partial<Record<Lang, TextDiff>>;
  text: Partial<Record<Lang, TextDiff>>;
  rules: RuleChange[];
}

export interface VersionDiff {
  from: string;
  to: string;
  dates: RuleChange[];
  summary: Partial<Record<Lang, TextDiff>>;
  /** every section of both versions, in document order (removed ones where they stood) */
  sections: SectionDiff[];
}

/** The languages two texts are written in, in the order they are written. */
const languagesOf = (...texts: Array<LocalizedText | undefined>): Lang[] => [...new Set(texts.flatMap((t) => Object.keys(t ?? {})))];

/**
 * Longest-common-subsequence edit script of two token lists. Common prefix and suffix are taken
 * first; a middle too large for the quadratic table (huge rewritten paragraphs) is reported as
 * removed-then-added, so the time stays bounded on any input.
 */
export function diffTokens<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean = (x, y) => x === y): Array<{ op: WordOp['op']; item: T }> {
  let start = 0;
  while (start < a.length && start < b.length && eq(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && eq(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const out: Array<{ op: WordOp['op']; item: T }> = [];
  for (let i = 0; i < start; i++) out.push({ op: 'same', item: a[i]! });
  const n = endA - start;
  const m = endB - start;
  if (n * m > 4_000_000) {
    for (let i = start; i < endA; i++) out.push({ op: 'removed', item: a[i]! });
    for (let j = start; j < endB; j++) out.push({ op: 'added', item: b[j]! });
  } else if (n > 0 || m > 0) {
    // table[i][j] = LCS length of a[start+i..endA) and b[start+j..endB)
    const w = m + 1;
    const table = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i * w + j] = eq(a[start + i]!, b[start + j]!) ? table[(i + 1) * w + j + 1]! + 1 : Math.max(table[(i + 1) * w + j]!, table[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && eq(a[start + i]!, b[start + j]!)) {
        out.push({ op: 'same', item: a[start + i]! });
        i++;
        j++;
      } else if (j >= m || (i < n && table[(i + 1) * w + j]! >= table[i * w + j + 1]!)) {
        // at a tie, removals come before additions: "[-60-]{+90+}"
        out.push({ op: 'removed', item: a[start + i]! });
        i++;
      } else {
        out.push({ op: 'added', item: b[start + j]! });
        j++;
      }
    }
  }
  for (let i = endA; i < a.length; i++) out.push({ op: 'same', item: a[i]! });
  return out;
}

/** Word-level diff: words and the whitespace between them are tokens; runs of one kind are merged. */
export function diffWords(before: string, after: string): WordOp[] {
  const tokenize = (s: string) => s.match(/\s+|[^\s]+/g) ?? [];
  const ops: WordOp[] = [];
  for (const { op, item } of diffTokens(tokenize(before), tokenize(after))) {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += item;
    else ops.push({ op, text: item });
  }
  return ops;
}

function textDiff(a: string | undefined, b: string | undefined): TextDiff | undefined {
  if (a === b) return undefined;
  const d: TextDiff = { ops: diffWords(a ?? '', b ?? '') };
  if (a !== undefined) d.before = a;
  if (b !== undefined) d.after = b;
  return d;
}

function localizedDiff(a: LocalizedText | undefined, b: LocalizedText | undefined): Partial<Record<Lang, TextDiff>> {
  const out: Partial<Record<Lang, TextDiff>> = {};
  for (const lang of languagesOf(a, b)) {
    const d = textDiff(a?.[lang], b?.[lang]);
    if (d) out[lang] = d;
  }
  return out;
}

function categoryFacts(c: Category | undefined): Array<[string, string | undefined]> {
  const r = c?.retention;
  const list = (xs: string[] | undefined) => (xs && xs.length ? xs.join(', ') : undefined);
  return [
    ['category', c ? 'yes' : undefined],
    ['category.holds', list(c?.holds)],
    ['category.forbids', list(c?.forbids)],
    ['category.promises', list(c?.promises)],
    ['category.retention.min', r?.min?.text],
    ['category.retention.max', r?.max?.text],
    ['category.retention.default', r?.default?.text],
    ['category.retention.configurable', r?.configurable === undefined ? undefined : String(r.configurable)],
    ['category.retention.until', r?.until],
    ['category.retention.basis', r?.basis],
    ['category.retention.source', r?.source],
  ];
}

function ruleChanges(a: Section | undefined, b: Section | undefined): RuleChange[] {
  const facts = (s: Section | undefined): Array<[string, string | undefined]> => [
    ...categoryFacts(s?.category),
    ['storage.jurisdiction', s?.storage?.jurisdiction],
    ['notice', s?.notice?.text],
  ];
  const before = new Map(facts(a));
  const out: RuleChange[] = [];
  for (const [path, after] of facts(b)) {
    const was = before.get(path);
    if (was === after || path === 'category') continue;
    const change: RuleChange = { path };
    if (was !== undefined) change.before = was;
    if (after !== undefined) change.after = after;
    out.push(change);
  }
  return out;
}

/** What changed from version `a` to version `b`, section by section, in both languages and in the rules. */
export function diffVersions(a: PolicyVersion, b: PolicyVersion): VersionDiff {
  const dates: RuleChange[] = [];
  for (const k of ['published', 'effective'] as const) if (a[k] !== b[k]) dates.push({ path: k, before: a[k], after: b[k] });
  const sections: SectionDiff[] = [];
  const byIdA = new Map(a.sections.map((s) => [s.id, s]));
  const byIdB = new Map(b.sections.map((s) => [s.id, s]));
  for (const { op, item: id } of diffTokens(a.sections.map((s) => s.id), b.sections.map((s) => s.id))) {
    // a section moved elsewhere appears once: where it stands in b
    if (op === 'removed' && byIdB.has(id)) continue;
    const sa = op === 'added' && !byIdA.has(id) ? undefined : byIdA.get(id);
    const sb = op === 'removed' ? undefined : byIdB.get(id);
    const d: SectionDiff = {
      id,
      status: !sa ? 'added' : !sb ? 'removed' : 'unchanged',
      heading: localizedDiff(sa?.heading, sb?.heading),
      text: localizedDiff(sa?.text, sb?.text),
      rules: ruleChanges(sa, sb),
    };
    if (d.status === 'unchanged' && (Object.keys(d.heading).length || Object.keys(d.text).length || d.rules.length)) d.status = 'changed';
    sections.push(d);
  }
  return { from: a.version, to: b.version, dates, summary: localizedDiff(a.summary, b.summary), sections };
}

/** wdiff style: unchanged words as they are, [-removed-] and {+added+}. */
export function renderWordOps(ops: WordOp[]): string {
  return ops.map((o) => (o.op === 'same' ? o.text : o.op === 'removed' ? `[-${o.text}-]` : `{+${o.text}+}`)).join('');
}

/** A plain-text rendering of a VersionDiff, for the terminal and PR comments. */
export function renderDiffText(d: VersionDiff): string {
  const lines: string[] = [`Policy ${d.from} → ${d.to}`];
  for (const c of d.dates) lines.push(`  ${c.path}: ${c.before ?? '—'} → ${c.after ?? '—'}`);
  for (const lang of Object.keys(d.summary)) {
    const t = d.summary[lang];
    if (t) lines.push(`  summary (${lang}): ${t.after ?? '(removed)'}`);
  }
  const changed = d.sections.filter((s) => s.status !== 'unchanged');
  if (changed.length === 0) lines.push('', 'No section changed.');
  for (const s of changed) {
    lines.push('', `§ ${s.id} (${s.status})`);
    for (const part of ['heading', 'text'] as const) {
      for (const lang of Object.keys(s[part])) {
        const t = s[part][lang];
        if (!t) continue;
        const body = s.status === 'changed' ? renderWordOps(t.ops) : (t.after ?? t.before ?? '');
        lines.push(`  ${part} (${lang}):`, ...body.split('\n').map((l) => `    ${l}`));
      }
    }
    for (const r of s.rules) lines.push(`  ${r.path}: ${r.before ?? '—'} → ${r.after ?? '—'}`);
  }
  return lines.join('\n') + '\n';
}
