import { esc } from './escape.js';

/**
 * The small Markdown subset policy text may use: paragraphs (split on blank lines), `- ` lists,
 * `[text](url)` links, `*em*` and `**strong**`. Everything else is text and is escaped. A link whose
 * URL is not http(s), mailto or relative keeps its text and loses its URL.
 *
 * Linear in the length of the text (a 1 MB paragraph renders in milliseconds): every search for a
 * closing marker starts where the last one ended, and a marker with no closing one is remembered.
 */

const MAX_DEPTH = 4;

/** Renders a text block to HTML: `<p>` and `<ul>` elements, each with `dir="auto"` for right-to-left text. */
export function renderMarkdown(text: string): string {
  return blocks(text)
    .map((block) => {
      if (block.kind === 'list') {
        const items = block.lines.map((item) => `<li>${renderInline(item)}</li>`).join('');
        return `<ul dir="auto">${items}</ul>`;
      }
      return `<p dir="auto">${renderInline(block.lines.join('\n'))}</p>`;
    })
    .join('\n');
}

/** Plain text of a block of policy text (markers and URLs removed), for tables of contents and feeds. */
export function plainText(text: string): string {
  return blocks(text)
    .map((b) => b.lines.map((l) => inlinePlain(l)).join(b.kind === 'list' ? '; ' : ' '))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Block {
  kind: 'paragraph' | 'list';
  lines: string[];
}

function blocks(text: string): Block[] {
  const result: Block[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const lines = raw.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    if (/^\s*- /.test(lines[0]!)) {
      // A list: each `- ` line starts an item, other lines continue the item before them.
      const items: string[] = [];
      for (const line of lines) {
        const m = /^\s*- (.*)$/.exec(line);
        if (m) items.push(m[1]!);
        else items[items.length - 1] += `\n${line.trim()}`;
      }
      result.push({ kind: 'list', lines: items });
    } else {
      result.push({ kind: 'paragraph', lines: lines.map((l) => l.trim()) });
    }
  }
  return result;
}

const LINK = /\[([^[\]\n]{1,2000})\]\(([^\s()]{1,2000})\)/y;

/** A URL a policy link may point to, or undefined: http(s), mailto, or relative (no scheme, no backslash). */
export function safeUrl(url: string): string | undefined {
  if (/[\u0000-\u0020\u007F\\]/.test(url)) return undefined;
  if (/^(https?:\/\/|mailto:)/i.test(url)) return url;
  // Relative: no scheme before the first '/', '?' or '#'.
  const schemeEnd = url.search(/[/?#]/);
  const head = schemeEnd === -1 ? url : url.slice(0, schemeEnd);
  if (head.includes(':')) return undefined;
  return url;
}

function renderInline(text: string, depth = 0): string {
  if (depth > MAX_DEPTH) return esc(text);
  let out = '';
  let plainStart = 0;
  let i = 0;
  let noSingleStarAfter = Infinity;
  let noDoubleStarAfter = Infinity;
  const flush = (end: number) => {
    if (end > plainStart) out += esc(text.slice(plainStart, end));
  };
  while (i < text.length) {
    const next = nextSpecial(text, i);
    if (next === -1) break;
    i = next;
    const c = text[i];
    if (c === '[') {
      LINK.lastIndex = i;
      const m = LINK.exec(text);
      if (m) {
        flush(i);
        const url = safeUrl(m[2]!);
        const label = renderInline(m[1]!, depth + 1);
        out += url === undefined ? label : `<a href="${esc(url)}">${label}</a>`;
        i += m[0].length;
        plainStart = i;
        continue;
      }
    } else if (c === '*') {
      if (text[i + 1] === '*' && i < noDoubleStarAfter) {
        const close = text.indexOf('**', i + 2);
        if (close === -1) noDoubleStarAfter = i;
        else if (close > i + 2 && !/\s/.test(text[i + 2]!) && !/\s/.test(text[close - 1]!)) {
          flush(i);
          out += `<strong>${renderInline(text.slice(i + 2, close), depth + 1)}</strong>`;
          i = close + 2;
          plainStart = i;
          continue;
        }
      } else if (text[i + 1] !== '*' && i < noSingleStarAfter) {
        const close = findSingleStar(text, i + 1);
        if (close === -1) noSingleStarAfter = i;
        else if (close > i + 1 && !/\s/.test(text[i + 1]!) && !/\s/.test(text[close - 1]!)) {
          flush(i);
          out += `<em>${renderInline(text.slice(i + 1, close), depth + 1)}</em>`;
          i = close + 1;
          plainStart = i;
          continue;
        }
      }
      // a run of stars that opens nothing is text
      while (text[i] === '*') i++;
      continue;
    }
    i++;
  }
  flush(text.length);
  return out;
}

function nextSpecial(text: string, from: number): number {
  const a = text.indexOf('[', from);
  const b = text.indexOf('*', from);
  if (a === -1) return b;
  if (b === -1) return a;
  return Math.min(a, b);
}

/** The next lone `*` (not part of `**`) from `from`, or -1. */
function findSingleStar(text: string, from: number): number {
  let j = text.indexOf('*', from);
  while (j !== -1) {
    if (text[j + 1] !== '*' && text[j - 1] !== '*') return j;
    j = text.indexOf('*', j + 1);
  }
  return -1;
}

function inlinePlain(text: string): string {
  return text.replace(/\[([^[\]\n]{1,2000})\]\([^\s()]{1,2000}\)/g, '$1').replace(/\*\*(\S(?:.*?\S)?)\*\*|\*(\S(?:.*?\S)?)\*/g, '$1$2');
}
