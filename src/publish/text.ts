import type { Lang, LocalizedText, Section } from '../core/types.js';
import { esc } from './escape.js';
import { formatDate, sectionLabel } from './i18n.js';
import { plainText, renderMarkdown as renderMarkdownUncached } from './markdown.js';

/** A text as shown on a page, and the language it is in (a missing translation shows the original). */
export interface Shown {
  text: string;
  lang: Lang;
}

/**
 * The in-force version's text appears on its own page and on the current page, in every language's
 * fallbacks: render each distinct text once per process run (bounded, so memory stays flat).
 */
const rendered = new Map<string, string>();
export function renderMarkdown(text: string): string {
  let html = rendered.get(text);
  if (html === undefined) {
    html = renderMarkdownUncached(text);
    if (rendered.size > 2000) rendered.clear();
    rendered.set(text, html);
  }
  return html;
}

/** A text in the page's language, or the authoritative one (marked by its lang) when the translation is missing. */
export function pick(text: LocalizedText | undefined, lang: Lang, authoritative: Lang): Shown | undefined {
  const texts = (text ?? {}) as Record<string, string | undefined>;
  const own = texts[lang];
  if (own !== undefined && own !== '') return { text: own, lang };
  for (const l of [authoritative, ...Object.keys(texts).sort()]) {
    const t = texts[l];
    if (t !== undefined && t !== '') return { text: t, lang: l as Lang };
  }
  return undefined;
}

/** A lang attribute where the shown text is not in the page's language. */
export const langAttr = (shown: Lang, page: Lang) => (shown === page ? '' : ` lang="${shown}"`);

export const time = (date: string, lang: Lang) => `<time datetime="${esc(date)}">${esc(formatDate(date, lang))}</time>`;

/**
 * The heading of a section: its own, or one generated from what the section is (the storage
 * sentence gets "Where data is stored", the first section "Introduction"), or its first words.
 */
export function sectionHeading(section: Section, lang: Lang, authoritative: Lang): Shown & { generated: boolean } {
  const heading = pick(section.heading, lang, authoritative);
  if (heading) return { ...heading, generated: false };
  const label = sectionLabel(section.id, lang) ?? (section.storage ? sectionLabel('storage', lang) : undefined) ?? (section.index === 0 && !section.category ? sectionLabel('introduction', lang) : undefined);
  if (label) return { text: label, lang, generated: true };
  const text = pick(section.text, lang, authoritative);
  if (!text) return { text: section.id, lang, generated: true };
  const words = plainText(text.text.slice(0, 400)).split(' ');
  return { text: words.slice(0, 8).join(' ') + (words.length > 8 ? ' …' : ''), lang: text.lang, generated: true };
}
