/**
 * The one annotation vocabulary of SPEC §3, parsed from comment text of any source:
 *   `@category <id>[, <id>]`
 *   `@retention <id>[.min|.max|.default] [unit=<unit>]`
 *   `@implements <id>.<promise>`
 *   `@policy-ignore <rule> -- <reason> [until YYYY-MM-DD]`
 * Sources find the comment text and its position; this module turns the text into tags.
 */
import { describeChar } from './text.js';

export type Annotation =
  | { tag: 'category'; ids: string[]; line: number; column: number }
  | { tag: 'retention'; id: string; bound: 'min' | 'max' | 'default'; unit?: string; line: number; column: number }
  | { tag: 'implements'; id: string; promise: string; line: number; column: number }
  | { tag: 'policy-ignore'; rule: string; reason?: string; until?: string; line: number; column: number }
  | { tag: 'invalid'; message: string; line: number; column: number; code?: 'annotation-hint' };

const ID = /^[a-z0-9][a-z0-9-]*$/;
// Tags are read in any case (`@Category`); a note then gives the canonical form.
const TAG_RE = /@(category|retention|implements|policy-ignore)\b([^\n@]*(?:@(?!category\b|retention\b|implements\b|policy-ignore\b)[^\n@]*)*)/gi;

/**
 * Parses every tag in a comment. `line`/`column` are the 1-based position of the comment text's
 * first character; positions of tags are computed from there.
 */
export function parseAnnotations(text: string, line = 1, column = 1): Annotation[] {
  const out: Annotation[] = [];
  for (const m of text.matchAll(TAG_RE)) {
    const before = text.slice(0, m.index);
    const nl = before.lastIndexOf('\n');
    const tagLine = line + (before.match(/\n/g)?.length ?? 0);
    const tagColumn = nl === -1 ? column + before.length : before.length - nl;
    // Prose about tags is not a tag: `@category` in inline code, or glued to a word (user@category).
    const linePrefix = before.slice(nl + 1);
    if ((linePrefix.match(/`/g)?.length ?? 0) % 2 === 1) continue;
    if (linePrefix !== '' && !/[\s*/#;'"(-]$/.test(linePrefix)) continue;
    const tag = m[1]!.toLowerCase() as 'category' | 'retention' | 'implements' | 'policy-ignore';
    if (m[1] !== tag) out.push({ tag: 'invalid', code: 'annotation-hint', message: `"@${m[1]}" is read as "@${tag}"; write it "@${tag}" (tags are lower case)`, line: tagLine, column: tagColumn });
    // Comment decorations (`*/`, trailing `*`, closing quotes of COMMENT ON strings) are not part of the value.
    const rest = m[2].replace(/\*\/.*$/s, '').trimEnd().replace(/\*$/, '').trim();
    out.push(parseTag(tag, rest, tagLine, tagColumn));
  }
  out.push(...lookAlikeTags(text, line, column));
  return out;
}

/** ASCII letters the look-alikes of CHAR_NAMES stand for (Cyrillic and Greek letters). */
const FOLD: Record<string, string> = {
  '\u0430': 'a', '\u0441': 'c', '\u0435': 'e', '\u043e': 'o', '\u0440': 'p', '\u0443': 'y', '\u0445': 'x', '\u0456': 'i',
  '\u0458': 'j', '\u0455': 's', '\u0501': 'd', '\u04bb': 'h', '\u0261': 'g', '\u0131': 'i', '\u03bf': 'o', '\u03b1': 'a', '\u03b9': 'i', '\u03bd': 'v',
};
const LOOK_ALIKE_TAG = /@([a-z\u0080-\uffff-]{6,20})/gi;

/** A tag written with a look-alike letter (`@cаtegory` with U+0430) is not read; say so, naming the letter. */
function lookAlikeTags(text: string, line: number, column: number): Annotation[] {
  const out: Annotation[] = [];
  for (const m of text.matchAll(LOOK_ALIKE_TAG)) {
    const word = m[1]!;
    if (/^[\x00-\x7f]*$/.test(word)) continue;
    const folded = [...word].map((c) => FOLD[c] ?? c).join('').toLowerCase().replace(/[\u200b-\u200d\u2060\u00ad]/g, '');
    const tag = ['category', 'retention', 'implements', 'policy-ignore'].find((t) => folded === t || folded.startsWith(t));
    if (!tag) continue;
    const before = text.slice(0, m.index);
    const nl = before.lastIndexOf('\n');
    const odd = [...new Set([...word].filter((c) => c.charCodeAt(0) > 0x7e))].map(describeChar).join(', ');
    out.push({ tag: 'invalid', message: `"@${word}" looks like "@${tag}" but holds ${odd}; it is not read as a tag`, line: line + (before.match(/\n/g)?.length ?? 0), column: nl === -1 ? column + before.length : before.length - nl });
  }
  return out;
}

function parseTag(tag: 'category' | 'retention' | 'implements' | 'policy-ignore', rest: string, line: number, column: number): Annotation {
  const invalid = (message: string): Annotation => ({ tag: 'invalid', message, line, column });
  switch (tag) {
    case 'category': {
      // Ids run until the first word that is not one (a trailing `-- note`, a closing quote).
      const words = rest.split(/[\s,]+/).map((w) => w.replace(/['".;)]+$/, '')).filter(Boolean);
      const ids: string[] = [];
      for (const w of words) {
        if (!ID.test(w)) break;
        ids.push(w);
      }
      if (ids.length === 0) return invalid(words[0] ? `@category: "${words[0]}" is not a category id (lower-case words joined by "-")${lookAlikes(words[0])}` : '@category needs at least one category id');
      return { tag, ids, line, column };
    }
    case 'retention': {
      const [target, ...opts] = rest.split(/\s+/).filter(Boolean);
      if (!target) return invalid('@retention needs a category id, e.g. @retention traffic-data.max');
      const m = /^([a-z0-9][a-z0-9-]*)(?:\.(min|max|default))?$/.exec(target);
      if (!m) return invalid(`@retention: "${target}" must be <category>[.min|.max|.default]${lookAlikes(target)}`);
      let unit: string | undefined;
      for (const opt of opts) {
        const u = /^unit=([A-Za-z]+)$/.exec(opt);
        if (u) unit = u[1];
      }
      return { tag, id: m[1], bound: (m[2] as 'min' | 'max' | 'default' | undefined) ?? 'max', unit, line, column };
    }
    case 'implements': {
      const target = rest.split(/\s+/)[0] ?? '';
      const m = /^([a-z0-9][a-z0-9-]*)\.([a-z][a-z-]*)$/.exec(target);
      if (!m) return invalid(`@implements: "${target}" must be <category>.<promise>, e.g. traffic-history.delete${lookAlikes(target)}`);
      return { tag, id: m[1], promise: m[2], line, column };
    }
    case 'policy-ignore': {
      const m = /^(\S+)\s*(?:--\s*(.*))?$/s.exec(rest);
      if (!m) return invalid('@policy-ignore needs a rule id: @policy-ignore <rule> -- <reason>');
      let reason = m[2]?.trim();
      let until: string | undefined;
      const u = reason ? /\s*\buntil\s+(\d{4}-\d{2}-\d{2})\b/.exec(reason) : null;
      if (u && reason) {
        until = u[1];
        reason = `${reason.slice(0, u.index)} ${reason.slice(u.index + u[0].length)}`.trim();
      }
      return { tag, rule: m[1], reason: reason || undefined, until, line, column };
    }
  }
}

/** `; it holds U+0441 CYRILLIC SMALL LETTER ES` for the characters of an id that are not ASCII (look-alikes, invisible ones). */
function lookAlikes(word: string): string {
  const odd = [...new Set([...word].filter((c) => c.charCodeAt(0) > 0x7e))];
  return odd.length ? `; it holds ${odd.map(describeChar).join(', ')}` : '';
}

/** Unit of a retention constant from its name: TRAFFIC_RETENTION_DAYS, debugTtlMs, PAYLOAD_MAX_HOURS. */
export function unitFromName(name: string): 'ms' | 's' | 'min' | 'h' | 'd' | 'w' | undefined {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words.reverse().find((w) => UNIT_WORDS[w] !== undefined);
  return last ? UNIT_WORDS[last] : undefined;
}

export function normalizeUnit(unit: string): 'ms' | 's' | 'min' | 'h' | 'd' | 'w' | undefined {
  return UNIT_WORDS[unit.toLowerCase()];
}

const UNIT_WORDS: Record<string, 'ms' | 's' | 'min' | 'h' | 'd' | 'w'> = {
  ms: 'ms', millis: 'ms', milliseconds: 'ms', millisecond: 'ms',
  s: 's', sec: 's', secs: 's', seconds: 's', second: 's',
  min: 'min', mins: 'min', minutes: 'min', minute: 'min',
  h: 'h', hr: 'h', hrs: 'h', hours: 'h', hour: 'h',
  d: 'd', day: 'd', days: 'd',
  w: 'w', week: 'w', weeks: 'w',
};
