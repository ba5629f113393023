import type { Lang, PolicyVersion, Section } from '../core/types.js';
import { daysBetween } from '../policy/timeline.js';
import { esc, fragment } from './escape.js';
import { glance, GLANCE_ID, retentionTable, RETENTION_ID } from './glance.js';
import { daysLeft, formatDate, words } from './i18n.js';
import { layout } from './layout.js';
import { paths, previousVersion, relative, type Site } from './site.js';
import { langAttr, pick, renderMarkdown, sectionHeading, time } from './text.js';
import { fill, fillHtml } from './words.js';

/** Ids the site itself uses on a page; a section may not take one of them. */
export const RESERVED_IDS = ['policyproof-main', 'policyproof-toc', 'policyproof-toc-fold', RETENTION_ID, GLANCE_ID, 'policyproof-pending', 'policyproof-unchanged'];

export const policyTitle = (site: Site, lang: Lang) => pick(site.policy.identity.title, lang, site.authoritative)?.text ?? site.policy.identity.id;

/** A text block in the page's language, or marked with the language it is in. */
export function textBlock(shown: { text: string; lang: Lang }, lang: Lang): string {
  return shown.lang === lang ? renderMarkdown(shown.text) : `<div lang="${shown.lang}">${renderMarkdown(shown.text)}</div>`;
}

function metaList(site: Site, v: PolicyVersion, lang: Lang, from: string): string {
  const w = words(lang);
  const entry = site.entries.find((e) => e.version === v)!;
  const items = [
    `<div><dt>${esc(w.status)}</dt><dd>${esc(w.statusOf[entry.status])}</dd></div>`,
    `<div><dt>${esc(w.published)}</dt><dd>${time(v.published, lang)}</dd></div>`,
    `<div><dt>${esc(w.effective)}</dt><dd>${time(v.effective, lang)}</dd></div>`,
  ];
  if (entry.until) items.push(`<div><dt>${esc(entry.status === 'superseded' ? w.until : w.untilFuture)}</dt><dd>${time(entry.until, lang)}</dd></div>`);
  if (site.pdf) items.push(`<div class="pdf-link"><dt>PDF</dt><dd><a href="${esc(relative(from, paths.pdf(lang, v.version)))}" type="application/pdf">${esc(w.pdf)}</a></dd></div>`);
  return `<dl class="meta">\n${items.join('\n')}\n</dl>`;
}

/** The notice of a pending version: dates, days left, what changes, the new text and the diff, the right to reject. */
function pendingBanner(site: Site, lang: Lang, from: string): string {
  if (site.pending.length === 0) return '';
  const w = words(lang);
  // Nothing in force yet: the first version takes effect; there is nothing to reject or cancel.
  const first = site.inForce === undefined;
  const notices = site.pending.map((v) => {
    const prev = previousVersion(site, v);
    const sentence = first && !prev ? w.firstBannerText : w.bannerText;
    const links = [`<li><a href="${esc(relative(from, paths.version(lang, v.version)))}">${esc(first && !prev ? w.readFirst : w.readNew)}<span class="vh"> (${esc(v.version)})</span></a></li>`];
    if (prev) links.push(`<li><a href="${esc(relative(from, paths.diff(lang, v.version)))}">${esc(w.seeDiff)}<span class="vh"> (${esc(v.version)})</span></a></li>`);
    const html = fillHtml(sentence, {
      published: time(v.published, lang),
      effective: time(v.effective, lang),
      days: `<strong>${esc(daysLeft(daysBetween(site.at, v.effective), lang))}</strong>`,
    });
    const summary = prev ? pick(v.summary, lang, site.authoritative) : undefined;
    const what = summary ? `\n<p><strong>${esc(w.bannerSummary)}</strong></p>\n${textBlock(summary, lang)}` : '';
    return `<p>${html}</p>${what}\n<ul>\n${links.join('\n')}\n</ul>`;
  });
  const updates = site.inForce?.sections.find((s) => s.notice !== undefined);
  const readMore = updates ? ` ${esc(w.readUpdates)} <a href="${esc(fragment(updates.id))}">${esc(sectionHeading(updates, lang, site.authoritative).text)}</a>.` : '';
  const rights = first ? '' : `\n<p>${esc(w.rightToReject)}${readMore}</p>`;
  return `<section class="banner" aria-labelledby="policyproof-pending">
<h2 id="policyproof-pending">${esc(first ? w.firstBannerTitle : w.bannerTitle)}</h2>
${notices.join('\n')}${rights}
</section>`;
}

/** A section with its heading (generated where the policy has none); the language switcher is at the top, not per section. */
function sectionHtml(site: Site, section: Section, lang: Lang): string {
  const w = words(lang);
  const heading = sectionHeading(section, lang, site.authoritative);
  const text = pick(section.text, lang, site.authoritative);
  const parts = [`<h2 dir="auto"${langAttr(heading.lang, lang)}${heading.generated ? ' class="generated"' : ''}>${esc(heading.text)}</h2>`];
  if (text) {
    if (text.lang !== lang) parts.push(`<p class="untranslated">${esc(fill(w.untranslated, { language: w.languageAdjectives[text.lang] ?? text.lang }))}</p>`);
    parts.push(textBlock(text, lang));
  }
  return `<section id="${esc(section.id)}">\n${parts.join('\n')}\n</section>`;
}

/** The contents: beside the text on wide screens (`side`), folded above it on narrow ones (`fold`). */
function contents(site: Site, v: PolicyVersion, lang: Lang, extras: { glance: boolean; retention: boolean }): { side: string; fold: string } {
  const w = words(lang);
  const items = v.sections.map((s) => {
    const name = sectionHeading(s, lang, site.authoritative);
    return `<li><a href="${esc(fragment(s.id))}"${langAttr(name.lang, lang)}><bdi>${esc(name.text)}</bdi></a></li>`;
  });
  if (extras.glance) items.unshift(`<li><a href="#${GLANCE_ID}">${esc(w.glanceTitle)}</a></li>`);
  if (extras.retention) items.push(`<li><a href="#${RETENTION_ID}">${esc(w.retentionTable)}</a></li>`);
  const list = `<ol>\n${items.join('\n')}\n</ol>`;
  return {
    side: `<nav class="toc toc-side" aria-labelledby="policyproof-toc">\n<h2 id="policyproof-toc">${esc(w.contents)}</h2>\n${list}\n</nav>`,
    fold: `<details class="toc toc-fold">\n<summary id="policyproof-toc-fold">${esc(w.contents)}</summary>\n<nav aria-labelledby="policyproof-toc-fold">\n${list}\n</nav>\n</details>`,
  };
}

/** The policy in one language at one version; `current` is the page at <lang>/. */
export function policyPage(site: Site, v: PolicyVersion | undefined, lang: Lang, current: boolean): string {
  const w = words(lang);
  const from = current ? paths.current(lang) : paths.version(lang, v!.version);
  const title = policyTitle(site, lang);
  const org = site.policy.identity.organization;
  const alternates = Object.fromEntries(site.langs.map((l) => [l, current ? paths.current(l) : paths.version(l, v!.version)]));
  const body: string[] = [];
  const banner = current ? pendingBanner(site, lang, from) : '';
  let side: string | undefined;
  if (!v) {
    const next = site.pending[0];
    const none = next ? fillHtml(w.noVersionUntil, { effective: time(next.effective, lang) }) : esc(w.noVersion);
    body.push(`<h1>${esc(title)}</h1>`, `<p class="no-version"><strong>${none}</strong></p>`, banner);
  } else {
    body.push(`<h1><span dir="auto">${esc(title)}</span><span class="version">${esc(w.version)} ${esc(v.version)}</span></h1>`, banner);
    body.push(metaList(site, v, lang, from));
    const prev = previousVersion(site, v);
    const summary = pick(v.summary, lang, site.authoritative);
    if (summary || prev) {
      const diffLink = prev ? `<p><a href="${esc(relative(from, paths.diff(lang, v.version)))}">${esc(fill(w.changesFrom, { version: prev.version }))}</a></p>` : '';
      body.push(`<div class="summary">\n<h2>${esc(w.changes)}</h2>\n${summary ? textBlock(summary, lang) : ''}\n${diffLink}\n</div>`);
    }
    const atAGlance = glance(site, v, lang);
    const table = retentionTable(site, v, lang);
    const toc = contents(site, v, lang, { glance: atAGlance !== '', retention: table !== '' });
    side = toc.side;
    body.push(toc.fold, atAGlance);
    for (const s of v.sections) body.push(sectionHtml(site, s, lang));
    body.push(table);
  }
  const pageTitle = current || !v ? `${title} – ${org}` : `${title}, ${w.lowercaseNames ? w.version.toLowerCase() : w.version} ${v.version} – ${org}`;
  const description = v ? fill(w.description, { title, organization: org, version: v.version, effective: formatDate(v.effective, lang) }) : fill(w.descriptionNone, { title, organization: org });
  return layout(site, {
    lang,
    path: from,
    title: pageTitle,
    description,
    modified: v?.published,
    alternates,
    nav: current ? 'current' : undefined,
    shape: side ? 'with-toc' : undefined,
    side,
    body: body.filter(Boolean).join('\n'),
  });
}
