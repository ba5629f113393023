import type { Lang, PolicyVersion, Section } from '../core/types.js';
import { diffWords, type DiffPart } from './diff.js';
import { esc, fragment } from './escape.js';
import { formatDate, retentionWords, words } from './i18n.js';
import { layout } from './layout.js';
import { policyTitle, textBlock } from './policy-page.js';
import { paths, previousVersion, relative, type Site } from './site.js';
import { langAttr, pick, sectionHeading, time } from './text.js';
import { fill, fillHtml } from './words.js';
import { plainText } from './markdown.js';

// ───────────────────────────── the diff page ─────────────────────────────

function diffHtml(parts: DiffPart[], lang: Lang): string {
  const w = words(lang);
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
  const w = words(lang);
  const a = site.authoritative;
  const from = paths.diff(lang, v.version);
  const title = fill(w.diffTitle, { from: prev.version, to: v.version });
  const body: string[] = [
    `<h1>${esc(title)}</h1>`,
    `<p>${esc(w.diffLegend)}</p>`,
    `<ul>\n<li><a href="${esc(relative(from, paths.version(lang, v.version)))}">${esc(fill(w.readVersion, { version: v.version }))}</a></li>\n<li><a href="${esc(relative(from, paths.version(lang, prev.version)))}">${esc(fill(w.readVersion, { version: prev.version }))}</a></li>\n</ul>`,
  ];
  const summary = pick(v.summary, lang, a);
  if (summary) body.push(`<div class="summary">${textBlock(summary, lang)}</div>`);
  const unchanged: string[] = [];
  const oldById = new Map(prev.sections.map((s) => [s.id, s]));
  const newIds = new Set(v.sections.map((s) => s.id));
  const ordered: Array<{ before?: Section; after?: Section }> = [
    ...v.sections.map((s) => ({ before: oldById.get(s.id), after: s })),
    ...prev.sections.filter((s) => !newIds.has(s.id)).map((s) => ({ before: s })),
  ];
  for (const { before, after } of ordered) {
    const section = (after ?? before)!;
    const name = sectionHeading(section, lang, a);
    const headingBefore = before ? (pick(before.heading, lang, a)?.text ?? '') : '';
    const headingAfter = after ? (pick(after.heading, lang, a)?.text ?? '') : '';
    const textBefore = before ? (pick(before.text, lang, a)?.text ?? '') : '';
    const textAfter = after ? (pick(after.text, lang, a)?.text ?? '') : '';
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
  const org = site.policy.identity.organization;
  return layout(site, {
    lang,
    path: from,
    title: `${title} – ${org}`,
    description: fill(w.descriptionDiff, { title: policyTitle(site, lang), organization: org, from: prev.version, to: v.version }),
    modified: v.published,
    alternates: Object.fromEntries(site.langs.map((l) => [l, paths.diff(l, v.version)])),
    body: body.join('\n'),
  });
}

// ───────────────────────────── the archive ─────────────────────────────

const latestPublished = (site: Site) => site.versions.reduce<string | undefined>((max, v) => (max === undefined || v.published > max ? v.published : max), undefined);

export function archivePage(site: Site, lang: Lang): string {
  const w = words(lang);
  const from = paths.archive(lang);
  const cell = (label: string, html: string) => `<td data-label="${esc(label)}">${html}</td>`;
  const rows = [...site.entries].reverse().map((e) => {
    const v = e.version;
    const prev = previousVersion(site, v);
    const interval = e.status === 'pending' ? `${time(e.from, lang)} –` : `${time(e.from, lang)} – ${e.until ? time(e.until, lang) : esc(w.untilFurther)}`;
    const summary = pick(v.summary, lang, site.authoritative);
    const summaryHtml = summary ? `<span${langAttr(summary.lang, lang)}>${esc(plainText(summary.text))}</span>` : esc(w.firstVersion);
    const diff = prev ? `<a href="${esc(relative(from, paths.diff(lang, v.version)))}">${esc(fill(w.changesFrom, { version: prev.version }))}</a>` : esc(w.nothing);
    const pdf = site.pdf ? ` <a class="pdf-link" href="${esc(relative(from, paths.pdf(lang, v.version)))}" type="application/pdf">PDF<span class="vh"> ${esc(v.version)}</span></a>` : '';
    return `<tr><th scope="row"><a class="nowrap" href="${esc(relative(from, paths.version(lang, v.version)))}">${esc(v.version)}</a>${pdf}</th>${cell(w.status, esc(w.statusOf[e.status]))}${cell(w.published, time(v.published, lang))}${cell(w.inForceInterval, interval)}${cell(w.summary, summaryHtml)}${cell(w.changes, diff)}</tr>`;
  });
  const body = `<h1>${esc(w.archive)}</h1>
<div class="table-wrap reflow">
<table>
<thead><tr><th scope="col">${esc(w.version)}</th><th scope="col">${esc(w.status)}</th><th scope="col">${esc(w.published)}</th><th scope="col">${esc(w.inForceInterval)}</th><th scope="col">${esc(w.summary)}</th><th scope="col">${esc(w.changes)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</div>`;
  const title = policyTitle(site, lang);
  const org = site.policy.identity.organization;
  return layout(site, {
    lang,
    path: from,
    title: `${w.archive} – ${title} – ${org}`,
    description: fill(w.descriptionArchive, { title, organization: org }),
    modified: latestPublished(site),
    alternates: Object.fromEntries(site.langs.map((l) => [l, paths.archive(l)])),
    nav: 'archive',
    shape: 'wide',
    body,
  });
}

// ───────────────────────────── the root: the landing page ─────────────────────────────

/** The root: the policy's title and organisation, the version in force and any pending one, in every language. */
export function landingPage(site: Site): string {
  const a = site.authoritative;
  const org = site.policy.identity.organization;
  const blocks = site.langs.map((l) => {
    const w = words(l);
    const title = policyTitle(site, l);
    const version = (v: PolicyVersion) => `<a href="${esc(paths.version(l, v.version))}">${esc(v.version)}</a>`;
    const lines = [
      site.inForce
        ? `<p><strong>${esc(w.current)}:</strong> ${fillHtml(w.landingCurrent, { version: version(site.inForce), effective: time(site.inForce.effective, l) })}</p>`
        : `<p>${esc(w.landingNone)}</p>`,
      ...site.pending.map((v) => `<p><strong>${esc(w.statusOf.pending)}:</strong> ${fillHtml(w.landingPending, { version: version(v), effective: time(v.effective, l) })}</p>`),
    ];
    return `<section${l === a ? '' : ` lang="${l}"`} aria-labelledby="policyproof-landing-${l}">
<h2 id="policyproof-landing-${l}"><a href="${esc(paths.current(l))}" hreflang="${l}">${esc(title)}</a></h2>
<p class="language">${esc(w.languageName)}</p>
${lines.join('\n')}
<p><a href="${esc(paths.archive(l))}">${esc(w.archive)}</a></p>
</section>`;
  });
  const title = policyTitle(site, a);
  const w = words(a);
  const description = site.inForce
    ? fill(w.description, { title, organization: org, version: site.inForce.version, effective: formatDate(site.inForce.effective, a) })
    : fill(w.descriptionNone, { title, organization: org });
  const logo = site.theme.logo ? `<img src="${esc(site.theme.logo.path)}" alt="">` : '';
  const body = `<h1 class="brand">${logo}<span dir="auto">${esc(org)}</span></h1>
<div class="landing">
${blocks.join('\n')}
</div>`;
  return layout(site, {
    lang: a,
    path: paths.root,
    title: `${title} – ${org}`,
    description,
    modified: latestPublished(site),
    alternates: Object.fromEntries(site.langs.map((l) => [l, paths.current(l)])),
    bare: true,
    shape: 'wide',
    body,
  });
}
