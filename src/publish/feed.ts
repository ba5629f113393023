import type { Retention } from '../core/types.js';
/** The page languages publish has wording for (until its wording moves to rules/languages). */
type Lang = 'sv' | 'en';
import { esc } from './escape.js';
import { retentionWords } from './i18n.js';
import { plainText } from './markdown.js';
import { absolute, paths, previousVersion, type Site } from './site.js';

/**
 * Midnight of a policy date in the policy's timezone, as an RFC 3339 timestamp
 * ("2018-05-10T00:00:00+02:00"). Feed timestamps come from the policy's dates, never the clock.
 */
export function midnight(date: string, timezone: string): string {
  const probe = new Date(`${date}T12:00:00Z`);
  let offset = '+00:00';
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, timeZoneName: 'longOffset' })
      .formatToParts(probe)
      .find((p) => p.type === 'timeZoneName')?.value;
    const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name ?? '');
    if (m) offset = `${m[1]}:${m[2] ?? '00'}`;
  } catch {
    // an unknown timezone: UTC, rather than a crash (the loader validates timezones)
  }
  return `${date}T00:00:00${offset}`;
}

/** The Atom feed of versions: one entry per version on the site, newest first, in both languages. */
export function atomFeed(site: Site): string {
  const id = site.policy.identity;
  const tz = id.timezone;
  const urn = (suffix: string) => `urn:policyproof:${encodeURIComponent(id.id)}${suffix}`;
  const link = (to: string) => absolute(site, to) ?? to;
  const entries = [...site.versions].reverse().map((v) => {
    const prev = previousVersion(site, v);
    const content = site.langs.map((lang) => {
      const summary = v.summary?.[lang];
      const text = summary ? plainText(summary) : lang === 'sv' ? 'Första versionen.' : 'First version.';
      const dates =
        lang === 'sv' ? `Publicerad ${v.published}, gäller från ${v.effective}.` : `Published ${v.published}, in force from ${v.effective}.`;
      return `<div xml:lang="${lang}"><p>${esc(text)}</p><p>${esc(dates)}</p></div>`;
    }).join('');
    const a = site.authoritative;
    const diff = prev ? `\n    <link rel="related" hreflang="${a}" href="${esc(link(paths.diff(a, v.version)))}"/>` : '';
    const alternates = site.langs.map((l) => `\n    <link rel="alternate" hreflang="${l}" href="${esc(link(paths.version(l, v.version)))}"/>`).join('');
    const title = site.langs.map((l) => `${id.title[l] ?? id.id} ${v.version}`).join(' / ');
    return `  <entry>
    <id>${esc(urn(`:${v.version}`))}</id>
    <title>${esc(title)}</title>
    <published>${midnight(v.published, tz)}</published>
    <updated>${midnight(v.published, tz)}</updated>${alternates}${diff}
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${content}</div></content>
  </entry>`;
  });
  const updated = site.versions.reduce((max, v) => (v.published > max ? v.published : max), '');
  const self = absolute(site, paths.feed);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${site.authoritative}">
  <id>${esc(self ?? urn(''))}</id>
  <title>${esc(`${id.title[site.authoritative] ?? id.id} – ${id.organization}`)}</title>
  <author><name>${esc(id.organization)}</name></author>
  <updated>${midnight(updated || site.at, tz)}</updated>${self ? `\n  <link rel="self" href="${esc(self)}"/>` : ''}
  <link rel="alternate" hreflang="${site.authoritative}" href="${esc(link(paths.current(site.authoritative)))}"/>
${entries.join('\n')}
</feed>
`;
}

/** versions.json: every version on the site, its in-force interval and status at `at`, and its texts. */
export function versionsJson(site: Site): string {
  const id = site.policy.identity;
  const url = (to: string) => absolute(site, to) ?? to;
  const doc = {
    policy: { id: id.id, organization: id.organization, title: id.title, timezone: id.timezone },
    at: site.at,
    inForce: site.inForce?.version ?? null,
    pending: site.pending.map((v) => v.version),
    versions: site.entries.map((e) => {
      const v = e.version;
      const prev = previousVersion(site, v);
      return {
        version: v.version,
        published: v.published,
        effective: v.effective,
        inForce: { from: e.from, until: e.until ?? null },
        status: e.status,
        summary: v.summary ?? null,
        previous: prev?.version ?? null,
        // only the languages the site is published in: a Swedish-only policy has no en/ pages
        pages: Object.fromEntries(site.langs.map((l) => [l, url(paths.version(l, v.version))])),
        diff: prev ? Object.fromEntries(site.langs.map((l) => [l, url(paths.diff(l, v.version))])) : null,
        sections: v.sections.map((s) => ({
          id: s.id,
          ...(s.heading ? { heading: s.heading } : {}),
          text: s.text,
          ...(s.category
            ? {
                category: {
                  holds: s.category.holds,
                  forbids: s.category.forbids,
                  promises: s.category.promises,
                  retention: s.category.retention
                    ? {
                        ...durationFields(s.category.retention),
                        words: Object.fromEntries(site.langs.map((l: Lang) => [l, retentionWords(s.category!.retention, l)])),
                      }
                    : null,
                },
              }
            : {}),
          ...(s.storage ? { storage: s.storage } : {}),
          ...(s.notice ? { notice: s.notice.text } : {}),
        })),
      };
    }),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function durationFields(r: Retention) {
  return {
    ...(r.min ? { min: r.min.text } : {}),
    ...(r.max ? { max: r.max.text } : {}),
    ...(r.default ? { default: r.default.text } : {}),
    ...(r.configurable !== undefined ? { configurable: r.configurable } : {}),
    ...(r.until ? { until: r.until } : {}),
    ...(r.basis ? { basis: r.basis } : {}),
    ...(r.source ? { source: r.source } : {}),
  };
}
