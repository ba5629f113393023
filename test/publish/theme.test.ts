import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/publish/index.js';
import { contrast, DEFAULT_THEME, PALETTE, resolveColours } from '../../src/publish/theme.js';
import { loadPageWords } from '../../src/publish/words.js';
import { ensureBuilt, REPO, runCli } from '../support/cli.js';
import { page, twoVersions } from './factory.js';

/** publish.theme in policyproof.yaml, the WCAG AA check, the language data files, and publish --pdf. */

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'policyproof-theme-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A repository holding the bundled policy and the given policyproof.yaml. */
function repoWith(name: string, config: string, files: Record<string, string> = {}): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'policy', 'versions'), { recursive: true });
  for (const f of ['policy.yaml', 'translations.lock', 'versions/2018-05-20.yaml']) writeFileSync(path.join(dir, 'policy', f), readFileSync(path.join(REPO, 'policy', f)));
  writeFileSync(path.join(dir, 'policyproof.yaml'), config);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

describe('contrast (WCAG 2)', () => {
  it('computes the ratios WCAG gives', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
  });

  it('the site’s own colours pass AA for text in light and dark mode', () => {
    for (const [mode, p] of Object.entries(PALETTE)) {
      const link = mode === 'light' ? DEFAULT_THEME.brandColor : DEFAULT_THEME.brandColorDark;
      for (const fg of [p.text, p.muted, link]) for (const bg of [p.background, p.note]) expect(contrast(fg, bg), `${mode} ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('refuses a brand colour that fails, naming the pair, in either mode', () => {
    expect(() => resolveColours({ brandColor: '#ffcc00' })).toThrow('publish.theme.brand-color #ffcc00 (links) on the page background #ffffff has a contrast of 1.51:1');
    expect(() => resolveColours({ brandColor: '#0b4f9c', brandColorDark: '#333333' })).toThrow('the dark-mode brand colour #333333 (publish.theme.brand-color-dark) on the dark page background #121417');
    expect(() => resolveColours({ brandColor: 'red' })).toThrow('publish.theme.brand-color "red" is not a colour');
    expect(() => resolveColours({ fontStack: 'x; } body { display: none' })).toThrow('publish.theme.font-stack');
    expect(resolveColours({ brandColor: '#1A5E20' })).toEqual({ brandColor: '#1a5e20', brandColorDark: '#a3bfa6', fontStack: DEFAULT_THEME.fontStack });
  });
});

describe('publish.theme from policyproof.yaml', () => {
  it('brands the site: colour, font stack, logo and an extra stylesheet, linked from every page', () => {
    const dir = repoWith('branded', 'publish:\n  theme:\n    brand-color: "#1a5e20"\n    font-stack: Inter, system-ui, sans-serif\n    logo: brand/logo.svg\n    stylesheet: brand/extra.css\n', {
      'brand/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
      'brand/extra.css': '.site { border-bottom-width: 3px; }\n',
    });
    const r = runCli(['publish', '--out', 'site', '--at', '2026-11-28'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const css = readFileSync(path.join(dir, 'site/style.css'), 'utf8');
    expect(css).toContain('--link: #1a5e20;');
    expect(css).toContain('font-family: Inter, system-ui, sans-serif;');
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{\n  :root \{[\s\S]*--link: #a3bfa6;/);
    expect(readFileSync(path.join(dir, 'site/theme/extra.css'), 'utf8')).toBe('.site { border-bottom-width: 3px; }\n');
    expect(readFileSync(path.join(dir, 'site/theme/logo.svg'), 'utf8')).toContain('<svg');
    const sv = readFileSync(path.join(dir, 'site/sv/2018-05-20/index.html'), 'utf8');
    expect(sv).toContain('<link rel="stylesheet" href="../../theme/extra.css">');
    expect(sv).toContain('<div class="brand"><img src="../../theme/logo.svg" alt=""><p class="org">46elks AB</p></div>');
    expect(runCli(['config'], { cwd: dir }).stdout).toContain('publish:\n  theme:\n    brand-color: "#1a5e20"\n    font-stack: Inter, system-ui, sans-serif\n    logo: brand/logo.svg\n');
  });

  it('exits 2 naming the pair of colours below WCAG AA, and writes nothing', () => {
    const dir = repoWith('yellow', 'publish:\n  theme:\n    brand-color: "#ffcc00"\n');
    const r = runCli(['publish', '--out', 'site', '--at', '2026-11-28'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('policyproof: publish.theme.brand-color #ffcc00 (links) on the page background #ffffff has a contrast of 1.51:1; WCAG AA needs at least 4.5:1 for text\n');
    expect(existsSync(path.join(dir, 'site'))).toBe(false);
  });

  it('exits 2 on an unknown theme key (with a suggestion), a missing logo, or a logo that is not an image', () => {
    const typo = runCli(['publish', '--out', 'site'], { cwd: repoWith('typo', 'publish:\n  theme:\n    brand-colour: "#000000"\n') });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('publish.theme.brand-colour is not a setting; did you mean "brand-color"?');
    expect(typo.stderr).toContain('policyproof.yaml:2:3:');
    const missing = runCli(['publish', '--out', 'site'], { cwd: repoWith('missing', 'publish:\n  theme:\n    logo: nowhere.png\n') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/publish\.theme\.logo .*nowhere\.png: no such file/);
    const html = runCli(['publish', '--out', 'site'], { cwd: repoWith('html-logo', 'publish:\n  theme:\n    logo: logo.html\n', { 'logo.html': '<script>' }) });
    expect(html.code).toBe(2);
    expect(html.stderr).toContain('not an image the site can show');
  });

  it('without a theme: the site’s own colours', () => {
    expect(page(buildSite(twoVersions(), { at: '2026-11-28' }).files, 'style.css')).toContain(`--link: ${DEFAULT_THEME.brandColor};`);
  });
});

describe('the language data files (rules/languages/<tag>.yaml, key page:)', () => {
  it('ship sv, en, da, nb, fi and de, each with every key of en.yaml', () => {
    expect([...loadPageWords(path.join(REPO, 'rules/languages')).keys()]).toEqual(expect.arrayContaining(['da', 'de', 'en', 'fi', 'nb', 'sv']));
  });

  it('ignore other top-level keys, and name the file and key of a missing key or a wrong placeholder', () => {
    const dir = path.join(tmp, 'languages');
    mkdirSync(dir, { recursive: true });
    const en = readFileSync(path.join(REPO, 'rules/languages/en.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'en.yaml'), `another-tools-key: {one: 1}\n${en}`);
    writeFileSync(path.join(dir, 'xx.yaml'), 'findings: {}\n'); // no page: the site is not offered in xx
    expect([...loadPageWords(dir).keys()]).toEqual(['en']);
    writeFileSync(path.join(dir, 'xx.yaml'), en.replace('  skip: Skip to content\n', '').replace('"Changes from version {version}"', '"Changes from {versio}"'));
    expect(() => loadPageWords(dir)).toThrow('rules/languages/xx.yaml: page.skip is missing; page.changes-from must use the placeholders {version}');
    writeFileSync(path.join(dir, 'xx.yaml'), en.replace('  skip: Skip to content\n', '  skip: Skip to content\n  skipp: x\n'));
    expect(() => loadPageWords(dir)).toThrow('rules/languages/xx.yaml: page.skipp is not a key of rules/languages/en.yaml');
  });
});

describe('publish --pdf', () => {
  it('prints every version in every language through the print stylesheet, with the same bytes each time', () => {
    const dir = repoWith('pdf', '');
    for (const out of ['a', 'b']) {
      const r = runCli(['publish', '--out', out, '--at', '2026-11-28', '--pdf'], { cwd: dir, timeout: 120_000 });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    for (const lang of ['sv', 'en']) {
      const name = `${lang}/2018-05-20/policy-2018-05-20-${lang}.pdf`;
      const a = readFileSync(path.join(dir, 'a', name));
      expect(a.subarray(0, 5).toString()).toBe('%PDF-');
      expect(a.toString('latin1')).toContain("/CreationDate (D:20180510000000+00'00')");
      expect(a.equals(readFileSync(path.join(dir, 'b', name))), name).toBe(true);
    }
    expect(readdirSync(path.join(dir, 'a/sv/2018-05-20')).sort()).toEqual(['index.html', 'policy-2018-05-20-sv.pdf']);
    expect(readFileSync(path.join(dir, 'a/sv/archive/index.html'), 'utf8')).toContain('href="../2018-05-20/policy-2018-05-20-sv.pdf" type="application/pdf"');
    expect(readFileSync(path.join(dir, 'a/.policyproof-site'), 'utf8')).toContain('sv/2018-05-20/policy-2018-05-20-sv.pdf');
  }, 180_000);

  it('exits 2 with what to install when there is no Chromium, and writes nothing', () => {
    const dir = repoWith('no-chromium', '');
    const r = runCli(['publish', '--out', 'site', '--pdf'], { cwd: dir, env: { POLICYPROOF_CHROMIUM: path.join(tmp, 'no-such-chromium') } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`policyproof: --pdf needs Chromium, not found at ${path.join(tmp, 'no-such-chromium')}: install it (apt-get install chromium) or set POLICYPROOF_CHROMIUM to its path\n`);
    expect(existsSync(path.join(dir, 'site'))).toBe(false);
  });
});
