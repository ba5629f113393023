import type { PolicyVersion, Section } from '../core/types.js';
/** The page languages publish has wording for (until its wording moves to rules/languages). */
type Lang = 'sv' | 'en';
import { daysBetween } from '../policy/timeline.js';
import { diffWords, type DiffPart } from './diff.js';
import { esc, fragment } from './escape.js';
import { basisWords, dataTypeName, formatDate, promiseWords, retentionWords, sectionLabel, WORDS } from './i18n.js';
import { plainText, renderMarkdown as renderMarkdownUncached } from './markdown.js';
import { href, paths, previousVersion, relative, type Site } from './site.js';

/** Ids the site itself uses on a page; a section may not take one of them. */
export const RESERVED_IDS = ['policyproof-main', 'policyproof-toc', 'policyproof-retention', 'policyproof-pending', 'policyproof-unchanged'];

/**
 * The in-force version's text appears on its own page and on the current page, in both languages'
 * fallbacks: render each distinct text once per process run (bounded, so memory stays flat).
 */
const rendered = new Map<string, string>();
function renderMarkdown(text: string): string {
  let html = rendered.get(text);
  if (html === undefined) {
    html = renderMarkdownUncached(text);
    if (rendered.size > 2000) rendered.clear();
    rendered.set(text, html);
  }
  return html;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const other = (lang: Lang): Lang => (lang === 'sv' ? 'en' : 'sv');
const time = (date: string, lang: Lang) => `<time datetime="${esc(date)}">${esc(formatDate(date, lang))}</time>`;

interface PageSpec {
  lang: Lang;
  /** the page's folder */
  path: string;
  title: string;
  /** the same page in each language, for hreflang and the language switcher */
  alternates: Record<Lang, string>;
  /** which main navigation item this page is */
  nav?: 'current' | 'archive';
  /** the language switcher's target on this page (default: alternates[other]) */
  body: string;
}

function layout(site: Site, page: PageSpec): string {
  const w = WORDS[page.lang];
  const o = other(page.lang);
  const from = page.path;
  const canonical = site.baseUrl === undefined ? '' : `\n<link rel="canonical" href="${esc(site.baseUrl + page.path)}">`;
  // hreflang only between pages that exist: a policy published in one language has none
  const alternates =
    site.langs.length > 1
      ? site.langs.map((l) => `\n<link rel="alternate" hreflang="${l}" href="${esc(href(site, from, page.alternates[l]))}">`).join('') +
        `\n<link rel="alternate" hreflang="x-default" href="${esc(href(site, from, page.alternates[site.authoritative]))}">`
      : '';
  const switcher = site.langs.includes(o)
    ? `\n<li><a href="${esc(relative(from, page.alternates[o]))}" hreflang="${o}" lang="${o}">${esc(WORDS[o].languageName)}</a></li>`
    : '';
  const navItem = (key: 'current' | 'archive', target: string, label: string) =>
    `<li><a href="${esc(relative(from, target))}"${page.nav === key ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`;
  const a = site.authoritative;
  const translationNote =
    page.lang !== a
      ? `<p class="translation-note">${esc(w.translationNote)} <a href="${esc(relative(from, page.alternates[a]))}" hreflang="${a}">${esc(w.readAuthoritative)}<span class="vh">${esc(w.ofThisPage)}</span></a>.</p>\n`
      : '';
  return `<!DOCTYPE html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'">
<title>${esc(page.title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${esc(relative(from, paths.stylesheet))}">${canonical}${alternates}
<link rel="alternate" type="application/atom+xml" title="${esc(w.feed)}" href="${esc(href(site, from, paths.feed))}">
</head>
<body>
<a class="skip" href="#policyproof-main">${esc(w.skip)}</a>
<header class="site">
<p class="org">${esc(site.policy.identity.organization)}</p>
<nav aria-label="${esc(w.siteNav)}">
<ul>
${navItem('current', paths.current(page.lang), w.current)}
${navItem('archive', paths.archive(page.lang), w.archive)}${switcher}
</ul>
</nav>
</header>
<main id="policyproof-main">
${translationNote}${page.body}
</main>
<footer class="site-footer">
<ul>
<li><a href="${esc(relative(from, paths.feed))}" type="application/atom+xml">${esc(w.feed)}</a></li>
<li><a href="${esc(relative(from, paths.versionsJson))}" type="application/json">${esc(w.data)}</a></li>
</ul>
</footer>
</body>
</html>
`;
}

// ───────────────────────────── text of one language ─────────────────────────────

/** A text in the page's language, or the Swedish one (marked) when the translation is missing. */
function pick(text: { sv?: string; en?: string } | undefined, lang: Lang): { text: string; lang: Lang } | undefined {
  const own = text?.[lang];
  if (own !== undefined && own !== '') return { text: own, lang };
  const fallback = text?.sv ?? text?.en;
  if (fallback === undefined || fallback === '') return undefined;
  return { text: fallback, lang: text?.sv !== undefined ? 'sv' : 'en' };
}

const langAttr = (shown: Lang, page: Lang) => (shown === page ? '' : ` lang="${shown}"`);

/** The name of a section for tables of contents and links: its heading, a fixed label, or its first words. */
function sectionName(section: Section, lang: Lang): { text: string; lang: Lang } {
  const heading = pick(section.heading, lang);
  if (heading) return heading;
  const label = sectionLabel(section.id, lang);
  if (label) return { text: label, lang };
  const text = pick(section.text, lang);
  if (!text) return { text: section.id, lang };
  const words = plainText(text.text.slice(0, 400)).split(' ');
  return { text: words.slice(0, 8).join(' ') + (words.length > 8 ? ' …' : ''), lang: text.lang };
}

// ───────────────────────────── the policy page ─────────────────────────────

function metaList(site: Site, v: PolicyVersion, lang: Lang): string {
  const w = WORDS[lang];
  const entry = site.entries.find((e) => e.version === v)!;
  const items = [
    `<div><dt>${esc(w.status)}</dt><dd>${esc(w.statusOf[entry.status])}</dd></div>`,
    `<div><dt>${esc(w.published)}</dt><dd>${time(v.published, lang)}</dd></div>`,
    `<div><dt>${esc(w.effective)}</dt><dd>${time(v.effective, lang)}</dd></div>`,
  ];
  if (entry.until) items.push(`<div><dt>${esc(entry.status === 'superseded' ? w.until : w.untilFuture)}</dt><dd>${time(entry.until, lang)}</dd></div>`);
  return `<dl class="meta">\n${items.join('\n')}\n</dl>`;
}

function pendingBanner(site: Site, lang: Lang, from: string): string {
  if (site.pending.length === 0) return '';
  const w = WORDS[lang];
  // Nothing in force yet: the first version takes effect; there is nothing to reject or cancel.
  const first = site.inForce === undefined;
  const notices = site.pending.map((v) => {
    const prev = previousVersion(site, v);
    const sentence = first && !prev ? w.firstBannerText : w.bannerText;
    const links = [`<li><a href="${esc(relative(from, paths.version(lang, v.version)))}">${esc(first && !prev ? w.readFirst : w.readNew)}<span class="vh"> (${esc(v.version)})</span></a></li>`];
    if (prev) links.push(`<li><a href="${esc(relative(from, paths.diff(lang, v.version)))}">${esc(w.seeDiff)}<span class="vh"> (${esc(v.version)})</span></a></li>`);
    const days = w.daysLeft(daysBetween(site.at, v.effective));
    // The sentence is built from escaped pieces: dates go into <time> elements.
    const html = esc(sentence('\uE001', '\uE002', '\uE003'))
      .replace('\uE001', time(v.published, lang))
      .replace('\uE002', time(v.effective, lang))
      .replace('\uE003', `<strong>${esc(days)}</strong>`);
    return `<p>${html}</p>\n<ul>\n${links.join('\n')}\n</ul>`;
  });
  const updates = site.inForce?.sections.find((s) => s.notice !== undefined);
  const readMore = updates
    ? ` ${esc(w.readUpdates)} <a href="${esc(fragment(updates.id))}">${esc(sectionName(updates, lang).text)}</a>.`
    : '';
  const rights = first ? '' : `\n<p><strong>${esc(w.rightToReject)}</strong>${readMore}</p>`;
  return `<section class="banner" aria-labelledby="policyproof-pending">
<h2 id="policyproof-pending">${esc(first ? w.firstBannerTitle : w.bannerTitle)}</h2>
${notices.join('\n')}${rights}
</section>
`;
}

function retentionTable(site: Site, v: PolicyVersion, lang: Lang): string {
  const w = WORDS[lang];
  const rows = v.sections
    .filter((s) => s.category)
    .map((s) => {
      const c = s.category!;
      const name = sectionName(s, lang);
      const holds = c.holds.length ? capitalize(c.holds.map((t) => dataTypeName(t, lang, site.dataTypes)).join(', ')) : w.noPersonalData;
      const basis = basisWords(c.retention, lang) ?? w.nothing;
      const can = c.promises.length ? c.promises.map((p) => promiseWords(p, lang)).join(', ') : w.nothing;
      return `<tr><th scope="row"><a href="${esc(fragment(s.id))}"${langAttr(name.lang, lang)}>${esc(name.text)}</a></th><td>${esc(holds)}</td><td>${esc(retentionWords(c.retention, lang))}</td><td>${esc(basis)}</td><td>${esc(can)}</td></tr>`;
    });
  if (rows.length === 0) return '';
  return `<section aria-labelledby="policyproof-retention">
<h2 id="policyproof-retention">${esc(w.retentionTable)}</h2>
<div class="table-wrap">
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

/** `otherPage`: the same page in the other language, or undefined when the site has no such page. */
function sectionHtml(section: Section, lang: Lang, from: string, otherPage: string | undefined): string {
  const w = WORDS[lang];
  const o = other(lang);
  const heading = pick(section.heading, lang);
  const text = pick(section.text, lang);
  const parts: string[] = [];
  if (heading) parts.push(`<h2 dir="auto"${langAttr(heading.lang, lang)}>${esc(heading.text)}</h2>`);
  if (text) {
    if (text.lang !== lang) parts.push(`<p class="untranslated">${esc(w.untranslated)}</p>`);
    parts.push(text.lang === lang ? renderMarkdown(text.text) : `<div lang="${text.lang}">${renderMarkdown(text.text)}</div>`);
  }
  if (otherPage !== undefined) {
    const otherName = sectionName(section, o);
    const target = otherPage + fragment(section.id);
    parts.push(
      `<p class="other-lang"><a href="${esc(relative(from, target))}" hreflang="${o}" lang="${o}">${esc(w.readInOther)}<span class="vh">: ${esc(otherName.text)}</span></a></p>`,
    );
  }
  const labelled = heading ? '' : ` aria-label="${esc(sectionName(section, lang).text)}"`;
  return `<section id="${esc(section.id)}"${labelled}>\n${parts.join('\n')}\n</section>`;
}

function toc(v: PolicyVersion, lang: Lang, withRetention: boolean): string {
  const w = WORDS[lang];
  const items = v.sections.map((s) => {
    const name = sectionName(s, lang);
    return `<li><a href="${esc(fragment(s.id))}"${langAttr(name.lang, lang)}><bdi>${esc(name.text)}</bdi></a></li>`;
  });
  if (withRetention) items.push(`<li><a href="#policyproof-retention">${esc(w.retentionTable)}</a></li>`);
  return `<nav class="toc" aria-labelledby="policyproof-toc">
<h2 id="policyproof-toc">${esc(w.contents)}</h2>
<ol>
${items.join('\n')}
</ol>
</nav>`;
}

/** The policy in one language at one version; `current` is the page at sv/ or en/. */
export function policyPage(site: Site, v: PolicyVersion | undefined, lang: Lang, current: boolean): string {
  const w = WORDS[lang];
  const from = current ? paths.current(lang) : paths.version(lang, v!.version);
  const title = pick(site.policy.identity.title, lang)?.text ?? site.policy.identity.id;
  const alternates = { sv: current ? paths.current('sv') : paths.version('sv', v!.version), en: current ? paths.current('en') : paths.version('en', v!.version) };
  const body: string[] = [];
  const banner = current ? pendingBanner(site, lang, from) : '';
  if (!v) {
    const next = site.pending[0];
    const none = next
      ? esc(w.noVersionUntil('\uE001')).replace('\uE001', time(next.effective, lang))
      : esc(w.noVersion);
    body.push(`<h1>${esc(title)}</h1>`, `<p class="no-version"><strong>${none}</strong></p>`, banner);
  } else {
    body.push(`<h1><span dir="auto">${esc(title)}</span><span class="version">${esc(w.version)} ${esc(v.version)}</span></h1>`, banner);
    body.push(metaList(site, v, lang));
    const prev = previousVersion(site, v);
    const summary = pick(v.summary, lang);
    if (summary || prev) {
      const diffLink = prev ? `<p><a href="${esc(relative(from, paths.diff(lang, v.version)))}">${esc(w.changesFrom(prev.version))}</a></p>` : '';
      const summaryHtml = summary ? (summary.lang === lang ? renderMarkdown(summary.text) : `<div lang="${summary.lang}">${renderMarkdown(summary.text)}</div>`) : '';
      body.push(`<div class="summary">\n<h2>${esc(w.changes)}</h2>\n${summaryHtml}\n${diffLink}\n</div>`);
    }
    const hasCategories = v.sections.some((s) => s.category);
    body.push(toc(v, lang, hasCategories));
    const otherPage = site.langs.includes(other(lang)) ? alternates[other(lang)] : undefined;
    for (const s of v.sections) body.push(sectionHtml(s, lang, from, otherPage));
    body.push(retentionTable(site, v, lang));
  }
  const pageTitle = current || !v ? `${title} – ${site.policy.identity.organization}` : `${title}, ${w.version.toLowerCase()} ${v.version} – ${site.policy.identity.organization}`;
  return layout(site, { lang, path: from, title: pageTitle, alternates, nav: current ? 'current' : undefined, body: body.filter(Boolean).join('\n') });
}

// ───────────────────────────── the diff page ─────────────────────────────

function diffHtml(parts: DiffPart[], lang: Lang): string {
  const w = WORDS[lang];
  return parts
    .map((p) =>
      p.op === 'same'
        ? esc(p.text)
        : p.op === 'ins'
          ? `<ins><span class="vh">${esc(w.added)}</span>${esc(p.text)}</ins>`
          : `<del><span class="vh">${esc(w.removed)}</span>${esc(p.text)}</del>`,
    )
    .join('');
}

export function diffPage(site: Site, v: PolicyVersion, prev: PolicyVersion, lang: Lang): string {
  const w = WORDS[lang];
  const from = paths.diff(lang, v.version);
  const title = w.diffTitle(prev.version, v.version);
  const body: string[] = [
    `<h1>${esc(title)}</h1>`,
    `<p>${esc(w.diffLegend)}</p>`,
    `<ul>\n<li><a href="${esc(relative(from, paths.version(lang, v.version)))}">${esc(w.readVersion(v.version))}</a></li>\n<li><a href="${esc(relative(from, paths.version(lang, prev.version)))}">${esc(w.readVersion(prev.version))}</a></li>\n</ul>`,
  ];
  const summary = pick(v.summary, lang);
  if (summary) body.push(`<div class="summary"${langAttr(summary.lang, lang)}>${renderMarkdown(summary.text)}</div>`);
  const unchanged: string[] = [];
  const oldById = new Map(prev.sections.map((s) => [s.id, s]));
  const newIds = new Set(v.sections.map((s) => s.id));
  const ordered: Array<{ before?: Section; after?: Section }> = [
    ...v.sections.map((s) => ({ before: oldById.get(s.id), after: s })),
    ...prev.sections.filter((s) => !newIds.has(s.id)).map((s) => ({ before: s })),
  ];
  for (const { before, after } of ordered) {
    const section = (after ?? before)!;
    const name = sectionName(section, lang);
    const headingBefore = before ? (pick(before.heading, lang)?.text ?? '') : '';
    const headingAfter = after ? (pick(after.heading, lang)?.text ?? '') : '';
    const textBefore = before ? (pick(before.text, lang)?.text ?? '') : '';
    const textAfter = after ? (pick(after.text, lang)?.text ?? '') : '';
    const retentionBefore = before?.category ? retentionWords(before.category.retention, lang) : undefined;
    const retentionAfter = after?.category ? retentionWords(after.category.retention, lang) : undefined;
    if (before && after && headingBefore === headingAfter && textBefore === textAfter && retentionBefore === retentionAfter) {
      const target = paths.version(lang, v.version) + fragment(section.id);
      unchanged.push(`<li><a href="${esc(relative(from, target))}"${langAttr(name.lang, lang)}>${esc(name.text)}</a></li>`);
      continue;
    }
    const badge = !before ? ` <span class="badge">${esc(w.newSection)}</span>` : !after ? ` <span class="badge">${esc(w.removedSection)}</span>` : '';
    const parts = [`<h2 dir="auto"${langAttr(name.lang, lang)}>${esc(name.text)}${badge}</h2>`];
    if (headingBefore !== headingAfter && headingBefore && headingAfter) parts.push(`<p class="diff" dir="auto">${diffHtml(diffWords(headingBefore, headingAfter), lang)}</p>`);
    if (textBefore !== textAfter) parts.push(`<div class="diff" dir="auto">${diffHtml(diffWords(textBefore, textAfter), lang)}</div>`);
    else parts.push(`<p>${esc(w.noChanges)}</p>`);
    if (retentionBefore !== retentionAfter) {
      parts.push(
        `<p>${esc(w.rulesChanged)}: ${esc(w.before)}: <del><span class="vh">${esc(w.removed)}</span>${esc(retentionBefore ?? w.noneStated)}</del>, ${esc(w.after)}: <ins><span class="vh">${esc(w.added)}</span>${esc(retentionAfter ?? w.noneStated)}</ins></p>`,
      );
    }
    const id = after ? ` id="${esc(section.id)}"` : '';
    body.push(`<section${id}>\n${parts.join('\n')}\n</section>`);
  }
  if (unchanged.length) {
    body.push(`<section aria-labelledby="policyproof-unchanged">\n<h2 id="policyproof-unchanged">${esc(w.unchanged)}</h2>\n<ul>\n${unchanged.join('\n')}\n</ul>\n</section>`);
  }
  const alternates = { sv: paths.diff('sv', v.version), en: paths.diff('en', v.version) };
  return layout(site, { lang, path: from, title: `${title} – ${site.policy.identity.organization}`, alternates, body: body.join('\n') });
}

// ───────────────────────────── the archive ─────────────────────────────

export function archivePage(site: Site, lang: Lang): string {
  const w = WORDS[lang];
  const from = paths.archive(lang);
  const rows = [...site.entries].reverse().map((e) => {
    const v = e.version;
    const prev = previousVersion(site, v);
    const interval = e.status === 'pending' ? `${time(e.from, lang)} –` : `${time(e.from, lang)} – ${e.until ? time(e.until, lang) : esc(w.untilFurther)}`;
    const summary = pick(v.summary, lang);
    const summaryHtml = summary ? `<span${langAttr(summary.lang, lang)}>${esc(plainText(summary.text))}</span>` : esc(w.firstVersion);
    const diff = prev ? `<a href="${esc(relative(from, paths.diff(lang, v.version)))}">${esc(w.changesFrom(prev.version))}</a>` : esc(w.nothing);
    return `<tr><th scope="row"><a href="${esc(relative(from, paths.version(lang, v.version)))}">${esc(v.version)}</a></th><td>${esc(w.statusOf[e.status])}</td><td>${time(v.published, lang)}</td><td>${interval}</td><td>${summaryHtml}</td><td>${diff}</td></tr>`;
  });
  const body = `<h1>${esc(w.archive)}</h1>
<div class="table-wrap">
<table>
<thead><tr><th scope="col">${esc(w.version)}</th><th scope="col">${esc(w.status)}</th><th scope="col">${esc(w.published)}</th><th scope="col">${esc(w.inForceInterval)}</th><th scope="col">${esc(w.summary)}</th><th scope="col">${esc(w.changes)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</div>`;
  const title = pick(site.policy.identity.title, lang)?.text ?? site.policy.identity.id;
  return layout(site, { lang, path: from, title: `${w.archive} – ${title} – ${site.policy.identity.organization}`, alternates: { sv: paths.archive('sv'), en: paths.archive('en') }, nav: 'archive', body });
}

// ───────────────────────────── the root: choose a language ─────────────────────────────

export function rootPage(site: Site): string {
  const t = site.policy.identity.title;
  const alternates =
    site.langs.length > 1
      ? site.langs.map((l) => `<link rel="alternate" hreflang="${l}" href="${esc(href(site, '', paths.current(l)))}">\n`).join('') +
        `<link rel="alternate" hreflang="x-default" href="${esc(href(site, '', paths.current(site.authoritative)))}">\n`
      : '';
  const a = site.authoritative;
  const choices = site.langs.map((l) => {
    const name = l === 'sv' ? `${esc(t.sv ?? 'Integritetspolicy')} (svenska)` : `${esc(t.en ?? 'Privacy policy')} (English)`;
    return l === a
      ? `<li><a href="${paths.current(l)}" hreflang="${l}">${name}</a></li>`
      : `<li lang="${l}"><a href="${paths.current(l)}" hreflang="${l}">${name}</a></li>`;
  });
  const canonical = site.baseUrl === undefined ? '' : `<link rel="canonical" href="${esc(site.baseUrl)}">\n`;
  return `<!DOCTYPE html>
<html lang="${a}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'">
<title>${esc(t[a] ?? site.policy.identity.id)} – ${esc(site.policy.identity.organization)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${paths.stylesheet}">
${canonical}${alternates}<link rel="alternate" type="application/atom+xml" title="${esc(WORDS[a].feed)}" href="${esc(href(site, '', paths.feed))}">
</head>
<body>
<main id="policyproof-main">
<h1>${esc(site.policy.identity.organization)}</h1>
<ul class="languages" aria-label="${esc(WORDS[a].chooseLanguage)}">
${choices.join('\n')}
</ul>
</main>
</body>
</html>
`;
}
