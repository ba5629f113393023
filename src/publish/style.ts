import { PALETTE, type Theme } from './theme.js';

/**
 * The site's one stylesheet: readable without it, no script, light and dark (prefers-color-scheme),
 * a print layout (also what `publish --pdf` prints), contrast ≥ 4.5:1 (the brand colour is checked
 * in theme.ts). Wide screens keep the contents beside the text; narrow ones fold it and reflow
 * tables into stacked rows.
 */
export function stylesheet(theme: Theme): string {
  const l = PALETTE.light;
  const d = PALETTE.dark;
  return `:root {
  color-scheme: light dark;
  --text: ${l.text};
  --muted: ${l.muted};
  --bg: ${l.background};
  --link: ${theme.brandColor};
  --line: ${l.line};
  --note: ${l.note};
  --ins: #dff3e3;
  --del: #fbe3e3;
  --head: #f2f2f2;
  font-family: ${theme.fontStack};
  line-height: 1.55;
  color: var(--text);
  background: var(--bg);
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: ${d.text};
    --muted: ${d.muted};
    --bg: ${d.background};
    --link: ${theme.brandColorDark};
    --line: ${d.line};
    --note: ${d.note};
    --ins: #1f3d27;
    --del: #4a2323;
    --head: #1c1f24;
  }
}
* { box-sizing: border-box; }
body { margin: 0; }
/* Long words and URLs in policy text wrap instead of widening the page. */
main, header, footer, li, p, h1, h2, h3, dd, summary { overflow-wrap: anywhere; }
/* In tables "anywhere" would shrink columns to one letter: break only words that cannot fit. */
td, th { overflow-wrap: break-word; hyphens: auto; }
.site, .page, .site-footer { max-width: 66rem; margin: 0 auto; padding: 0 1rem; }
.page > main { max-width: 46rem; min-width: 0; }
.page.wide > main { max-width: none; }
.skip { position: absolute; left: -9999px; top: 0; background: var(--bg); padding: .5rem; }
.skip:focus { left: 1rem; }
.vh { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
a { color: var(--link); text-decoration: underline; text-underline-offset: .15em; }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; border-radius: 2px; }
.site { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1.5rem; padding-top: 1rem; padding-bottom: .75rem; border-bottom: 1px solid var(--line); }
.brand { display: flex; align-items: center; gap: .6rem; }
.brand img { height: 2rem; width: auto; max-width: 10rem; }
.site .org { margin: 0; font-weight: 600; }
.site ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: 0; padding: 0; }
.site nav { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.site [aria-current] { font-weight: 600; text-decoration: none; color: var(--text); }
.brand { flex: 1 1 auto; }
.switcher { border-left: 1px solid var(--line); padding-left: 1.25rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1.5rem 0 .75rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
h1 .version { display: block; font-size: 1rem; font-weight: 400; color: var(--muted); margin-top: .35rem; }
.meta { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0 0 1rem; color: var(--muted); }
.meta div { display: flex; gap: .35rem; }
.meta dt { font-weight: 600; }
.meta dt::after { content: ":"; }
.meta dd { margin: 0; }
.translation-note, .untranslated { background: var(--note); border-left: 4px solid var(--link); padding: .6rem .9rem; margin: 1rem 0; }
.banner { background: var(--note); border-left: 4px solid var(--link); border-radius: 0 4px 4px 0; padding: .25rem 1rem .75rem; margin: 1.25rem 0; }
.banner h2 { margin-top: .75rem; font-size: 1.2rem; }
.banner ul { padding-left: 1.25rem; }
.banner p { margin: .6rem 0; }
.summary { border-left: 4px solid var(--line); padding-left: .9rem; }
.glance { border: 1px solid var(--line); border-radius: 4px; padding: .25rem 1rem .75rem; margin: 1.5rem 0; }
.glance h2 { margin-top: .75rem; }
.glance .note { color: var(--muted); margin-top: 0; }
.glance ul { padding-left: 1.25rem; margin: .25rem 0 .5rem; }
.glance li { margin: .2rem 0; }
.toc ol { padding-left: 1.5rem; margin: .25rem 0; }
.toc li { margin: .2rem 0; }
.toc-side { display: none; }
.toc-fold { border: 1px solid var(--line); border-radius: 4px; padding: .5rem .9rem; margin: 1rem 0; }
.toc-fold summary { cursor: pointer; font-weight: 600; }
.generated { font-style: normal; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); }
.table-wrap { overflow-x: auto; }
.diff { white-space: pre-wrap; }
ins { background: var(--ins); color: inherit; text-decoration: underline; text-decoration-thickness: 2px; }
del { background: var(--del); color: inherit; text-decoration: line-through; text-decoration-thickness: 2px; }
.diff del + ins { margin-inline-start: .3em; }
td time { white-space: nowrap; }
.badge { display: inline-block; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; border-radius: 3px; padding: 0 .35rem; margin-left: .5rem; vertical-align: middle; }
.site-footer { border-top: 1px solid var(--line); margin-top: 3rem; padding-top: .75rem; padding-bottom: 2rem; color: var(--muted); font-size: .9rem; }
.site-footer ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.landing { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem 2rem; }
.nowrap { white-space: nowrap; }
h1.brand { display: flex; align-items: center; gap: .75rem; }
h1.brand img { height: 2.5rem; width: auto; max-width: 12rem; }
.landing .language { color: var(--muted); margin: 0; }
.landing section { border-top: 3px solid var(--link); padding-top: .25rem; }
.landing h2 { margin-top: .75rem; }
/* Wide screens: the contents beside the text, in view while reading. */
@media (min-width: 64rem) {
  .page.with-toc { display: grid; grid-template-columns: 15rem minmax(0, 46rem); gap: 3rem; }
  .toc-side { display: block; position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding: 1.5rem 0 1rem; font-size: .95rem; }
  .toc-side h2 { font-size: 1rem; margin: 0 0 .25rem; }
  .toc-side ol { padding-left: 2rem; }
  .toc-fold { display: none; }
}
/* Phones: a table becomes one stacked block per row, each value with its column's name. */
@media (max-width: 40rem) {
  .reflow table, .reflow caption, .reflow tbody, .reflow tr, .reflow th, .reflow td { display: block; width: 100%; }
  .reflow thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  .reflow tr { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 .75rem; padding: .4rem .6rem; }
  .reflow th, .reflow td { border: 0; padding: .15rem 0; }
  .reflow tbody th { font-size: 1.05rem; }
  .reflow td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
  h1 { font-size: 1.6rem; }
  /* the organisation and the languages on one line, the navigation below */
  .site .switcher { order: 1; border-left: 0; padding-left: 0; }
  .site nav:not(.switcher) { order: 2; flex-basis: 100%; }
}
@media print {
  :root { color: #000; background: #fff; font-size: 11pt; --link: #000; --note: #fff; --line: #888; --head: #eee; }
  .skip, .site nav, .toc, .site-footer, .meta .pdf-link, .pdf-link { display: none; }
  .page, .page.with-toc { display: block; max-width: none; }
  .page > main { max-width: none; }
  a { color: #000; }
  main a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
  .banner, .translation-note, .glance { border: 1px solid #000; background: none; }
  ins, del { background: none; }
  section.glance, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
`;
}
