import type { Lang, PolicyVersion, Section } from '../core/types.js';
import { esc, fragment } from './escape.js';
import { basisWords, capitalize, dataTypeName, glanceRetention, promiseWords, retentionWords, storedWords, words } from './i18n.js';
import type { Site } from './site.js';
import { langAttr, sectionHeading } from './text.js';

/** Ids the glance and the retention table take on a page. */
export const GLANCE_ID = 'policyproof-glance';
export const RETENTION_ID = 'policyproof-retention';

const link = (site: Site, s: Section, lang: Lang, label?: string) => {
  const name = sectionHeading(s, lang, site.authoritative);
  const text = label ?? name.text;
  return `<a href="${esc(fragment(s.id))}"${label === undefined ? langAttr(name.lang, lang) : ''}>${esc(text)}</a>`;
};

/**
 * "At a glance": the layered notice above the full text, built from the rules of the version shown
 * (never written by hand): how long each category is kept, what is never held, where data is stored
 * and what the reader can do, each item linking to its section. Empty when the version has no rules.
 */
export function glance(site: Site, v: PolicyVersion, lang: Lang): string {
  const w = words(lang);
  const names = (ids: string[]) => ids.map((t) => dataTypeName(t, lang, site.dataTypes)).join(', ');
  const categories = v.sections.filter((s) => s.category);
  const kept = categories.map((s) => `<li>${link(site, s, lang)}: ${esc(glanceRetention(s.category!.retention, lang))}</li>`);
  const never = categories.filter((s) => s.category!.forbids.length).map((s) => `<li>${link(site, s, lang)}: ${esc(names(s.category!.forbids))}</li>`);
  const stored = v.sections.filter((s) => s.storage).map((s) => `<li>${link(site, s, lang, capitalize(storedWords(s.storage!.jurisdiction, lang)))}</li>`);
  const can = categories
    .filter((s) => s.category!.promises.length)
    .map((s) => `<li>${link(site, s, lang)}: ${esc(s.category!.promises.map((p) => promiseWords(p, lang)).join(', '))}</li>`);
  const parts: string[] = [];
  const group = (title: string, items: string[]) => {
    if (items.length) parts.push(`<h3>${esc(title)}</h3>\n<ul>\n${items.join('\n')}\n</ul>`);
  };
  group(w.glanceKept, kept);
  group(w.glanceNever, never);
  group(w.glanceWhere, stored);
  group(w.glanceCan, can);
  if (parts.length === 0) return '';
  return `<section class="glance" aria-labelledby="${GLANCE_ID}">
<h2 id="${GLANCE_ID}">${esc(w.glanceTitle)}</h2>
<p class="note">${esc(w.glanceNote)}</p>
${parts.join('\n')}
</section>`;
}

/** The retention table generated from the categories; on a phone its rows stack (each value labelled). */
export function retentionTable(site: Site, v: PolicyVersion, lang: Lang): string {
  const w = words(lang);
  const rows = v.sections
    .filter((s) => s.category)
    .map((s) => {
      const c = s.category!;
      const holds = c.holds.length ? capitalize(c.holds.map((t) => dataTypeName(t, lang, site.dataTypes)).join(', ')) : w.noPersonalData;
      const basis = basisWords(c.retention, lang) ?? w.nothing;
      const can = c.promises.length ? c.promises.map((p) => capitalize(promiseWords(p, lang))).join(', ') : w.nothing;
      const cell = (label: string, text: string) => `<td data-label="${esc(label)}">${esc(text)}</td>`;
      return `<tr><th scope="row">${link(site, s, lang)}</th>${cell(w.holds, holds)}${cell(w.retention, retentionWords(c.retention, lang))}${cell(w.basis, basis)}${cell(w.youCan, can)}</tr>`;
    });
  if (rows.length === 0) return '';
  return `<section aria-labelledby="${RETENTION_ID}">
<h2 id="${RETENTION_ID}">${esc(w.retentionTable)}</h2>
<div class="table-wrap reflow">
<table>
<caption>${esc(w.retentionCaption)}</caption>
<thead><tr><th scope="col">${esc(w.category)}</th><th scope="col">${esc(w.holds)}</th><th scope="col">${esc(w.retention)}</th><th scope="col">${esc(w.basis)}</th><th scope="col">${esc(w.youCan)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</div>
</section>
`;
}
