import type { Lang } from '../core/types.js';
import { esc } from './escape.js';
import { words } from './i18n.js';
import { href, paths, relative, type Site } from './site.js';
import { fill } from './words.js';

export interface PageSpec {
  lang: Lang;
  /** the page's folder */
  path: string;
  title: string;
  /** meta description and Open Graph description */
  description: string;
  /** YYYY-MM-DD: when what the page shows last changed (schema.org dateModified) */
  modified?: string;
  /** the same page in each language of the site, for hreflang and the language switcher */
  alternates: Record<string, string>;
  /** which main navigation item this page is */
  nav?: 'current' | 'archive';
  /** 'with-toc': the contents beside the text on wide screens; 'wide': the full width (tables) */
  shape?: 'with-toc' | 'wide';
  /** the contents shown beside the text on wide screens */
  side?: string;
  body: string;
  /** the root page has no navigation of its own */
  bare?: boolean;
}

export const CSP = `script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'`;

/** The <head> of every page: metadata, stylesheets, canonical and alternate links. */
function head(site: Site, page: PageSpec): string {
  const w = words(page.lang);
  const from = page.path;
  const org = site.policy.identity.organization;
  const out: string[] = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(page.title)}</title>`,
    `<meta name="description" content="${esc(page.description)}">`,
  ];
  if (page.modified) out.push(`<meta itemprop="dateModified" content="${esc(page.modified)}">`);
  out.push(
    '<meta property="og:type" content="website">',
    `<meta property="og:site_name" content="${esc(org)}">`,
    `<meta property="og:title" content="${esc(page.title)}">`,
    `<meta property="og:description" content="${esc(page.description)}">`,
    `<meta property="og:locale" content="${esc(w.ogLocale)}">`,
    ...site.langs.filter((l) => l !== page.lang).map((l) => `<meta property="og:locale:alternate" content="${esc(words(l).ogLocale)}">`),
  );
  if (site.baseUrl !== undefined) out.push(`<meta property="og:url" content="${esc(site.baseUrl + from)}">`);
  out.push('<link rel="icon" href="data:,">', `<link rel="stylesheet" href="${esc(relative(from, paths.stylesheet))}">`);
  if (site.theme.stylesheet !== undefined) out.push(`<link rel="stylesheet" href="${esc(relative(from, paths.themeStylesheet))}">`);
  // relative to the page itself without --base-url: still one address per page for search engines
  out.push(`<link rel="canonical" href="${esc(href(site, from, from))}">`);
  // hreflang only between pages that exist: a policy published in one language has none
  if (site.langs.length > 1) {
    for (const l of site.langs) out.push(`<link rel="alternate" hreflang="${l}" href="${esc(href(site, from, page.alternates[l]!))}">`);
    out.push(`<link rel="alternate" hreflang="x-default" href="${esc(href(site, from, page.alternates[site.authoritative]!))}">`);
  }
  out.push(`<link rel="alternate" type="application/atom+xml" title="${esc(w.feed)}" href="${esc(href(site, from, paths.feed))}">`);
  return out.join('\n');
}

/** The language switcher: every language of the site, each to the same page (same version) in it. */
function switcher(site: Site, page: PageSpec): string {
  if (site.langs.length < 2 || page.bare) return '';
  const items = site.langs.map((l) => {
    const name = esc(words(l).languageName);
    return l === page.lang
      ? `<li><a href="${esc(relative(page.path, page.alternates[l]!))}" aria-current="true">${name}</a></li>`
      : `<li><a href="${esc(relative(page.path, page.alternates[l]!))}" hreflang="${l}" lang="${l}">${name}</a></li>`;
  });
  return `\n<nav class="switcher" aria-label="${esc(words(page.lang).chooseLanguage)}">\n<ul>\n${items.join('\n')}\n</ul>\n</nav>`;
}

export function layout(site: Site, page: PageSpec): string {
  const w = words(page.lang);
  const from = page.path;
  const navItem = (key: 'current' | 'archive', target: string, label: string) =>
    `<li><a href="${esc(relative(from, target))}"${page.nav === key ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`;
  const a = site.authoritative;
  const translationNote =
    page.lang !== a && !page.bare
      ? `<p class="translation-note">${esc(fill(w.translationNote, { language: w.languageAdjectives[a] ?? a }))} <a href="${esc(relative(from, page.alternates[a]!))}" hreflang="${a}">${esc(fill(w.readAuthoritative, { language: w.languageAdjectives[a] ?? a }))}<span class="vh">${esc(w.ofThisPage)}</span></a>.</p>\n`
      : '';
  const logo = site.theme.logo ? `<img src="${esc(relative(from, site.theme.logo.path))}" alt="">` : '';
  const nav = page.bare
    ? ''
    : `\n<nav aria-label="${esc(w.siteNav)}">\n<ul>\n${navItem('current', paths.current(page.lang), w.current)}\n${navItem('archive', paths.archive(page.lang), w.archive)}\n</ul>\n</nav>`;
  return `<!DOCTYPE html>
<html lang="${page.lang}" itemscope itemtype="https://schema.org/WebPage">
<head>
${head(site, page)}
</head>
<body>
<a class="skip" href="#policyproof-main">${esc(w.skip)}</a>
${page.bare ? '' : `<header class="site">
<div class="brand">${logo}<p class="org">${esc(site.policy.identity.organization)}</p></div>${nav}${switcher(site, page)}
</header>`}
<div class="page${page.shape ? ` ${page.shape}` : ''}">
${page.side ? `${page.side}\n` : ''}<main id="policyproof-main">
${translationNote}${page.body}
</main>
</div>
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
