/** The site's one stylesheet: readable without it, no script, a print layout, contrast ≥ 4.5:1. */
export const STYLESHEET = `:root {
  --text: #1b1b1b;
  --muted: #4a4a4a;
  --link: #0b4f9c;
  --line: #c9c9c9;
  --banner: #fff4d6;
  --banner-line: #8a5a00;
  --ins: #dff3e3;
  --del: #fbe3e3;
  --note: #eef3fa;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.55;
  color: var(--text);
  background: #fff;
}
* { box-sizing: border-box; }
body { margin: 0; }
/* Long words and URLs in policy text wrap instead of widening the page. */
main, header, footer, li, p, h1, h2, h3 { overflow-wrap: anywhere; }
/* In tables "anywhere" would shrink columns to one letter: break only words that cannot fit. */
td, th { overflow-wrap: break-word; hyphens: auto; }
tbody th { min-width: 8rem; }
.site, main, .site-footer { max-width: 46rem; margin: 0 auto; padding: 0 1rem; }
.skip { position: absolute; left: -9999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: 1rem; }
.vh { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
a { color: var(--link); text-decoration: underline; text-underline-offset: .15em; }
a:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
.site { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: .5rem 1.5rem; padding-top: 1rem; padding-bottom: .75rem; border-bottom: 1px solid var(--line); }
.site .org { margin: 0; font-weight: 600; }
.site ul { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: 0; padding: 0; }
.site [aria-current="page"] { font-weight: 600; text-decoration: none; color: var(--text); }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 1.5rem 0 .75rem; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 2rem 0 .5rem; }
h1 .version { display: block; font-size: 1rem; font-weight: 400; color: var(--muted); margin-top: .35rem; }
.meta { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; margin: 0 0 1rem; color: var(--muted); }
.meta div { display: flex; gap: .35rem; }
.meta dt { font-weight: 600; }
.meta dt::after { content: ":"; }
.meta dd { margin: 0; }
.translation-note, .untranslated { background: var(--note); border-left: 4px solid var(--link); padding: .6rem .9rem; margin: 1rem 0; }
.banner { background: var(--banner); border: 2px solid var(--banner-line); border-radius: 4px; padding: .25rem 1rem .75rem; margin: 1.25rem 0; }
.banner h2 { margin-top: .75rem; font-size: 1.2rem; }
.banner ul { padding-left: 1.25rem; }
.summary { border-left: 4px solid var(--line); padding-left: .9rem; }
.toc ol { padding-left: 1.5rem; }
.toc li { margin: .15rem 0; }
.other-lang { font-size: .9rem; margin-top: .25rem; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f2f2f2; }
.table-wrap { overflow-x: auto; }
.diff { white-space: pre-wrap; }
ins { background: var(--ins); text-decoration: underline; text-decoration-thickness: 2px; }
del { background: var(--del); text-decoration: line-through; text-decoration-thickness: 2px; }
del + ins { margin-inline-start: .3em; }
td time { white-space: nowrap; }
.badge { display: inline-block; font-size: .8rem; font-weight: 600; border: 1px solid currentColor; border-radius: 3px; padding: 0 .35rem; margin-left: .5rem; vertical-align: middle; }
.site-footer { border-top: 1px solid var(--line); margin-top: 3rem; padding-top: .75rem; padding-bottom: 2rem; color: var(--muted); font-size: .9rem; }
.site-footer ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.languages { list-style: none; padding: 0; font-size: 1.2rem; }
.languages li { margin: .5rem 0; }
@media print {
  :root { color: #000; font-size: 11pt; }
  .skip, .site nav, .other-lang, .toc, .site-footer { display: none; }
  a { color: #000; }
  main a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; }
  .banner, .translation-note { border: 1px solid #000; background: none; }
  ins, del { background: none; }
  section, tr { break-inside: avoid; }
  h2 { break-after: avoid; }
}
`;
