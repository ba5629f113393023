import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types.js';
import { diffWords } from '../../src/publish/diff.js';
import { buildSite, MARKER, publishSite, PublishError } from '../../src/publish/index.js';
import { renderMarkdown, safeUrl } from '../../src/publish/markdown.js';
import { BASE_SECTIONS, policy, twoVersions, version, withSection } from './factory.js';

const AT = '2026-11-28';
const htmlFiles = (files: Map<string, string>) => [...files].filter(([name]) => name.endsWith('.html'));

describe('policy text: the Markdown subset, everything else escaped', () => {
  it.each([
    ['Ett stycke.\n\nEtt till.', '<p dir="auto">Ett stycke.</p>\n<p dir="auto">Ett till.</p>'],
    ['- ett\n- två\n  fortsätter', '<ul dir="auto"><li>ett</li><li>två\nfortsätter</li></ul>'],
    ['Se [sidan](https://example.com/a?b=1&c=2).', '<p dir="auto">Se <a href="https://example.com/a?b=1&amp;c=2">sidan</a>.</p>'],
    ['[mejla](mailto:dpo@example.com) [relativ](../villkor#x)', '<p dir="auto"><a href="mailto:dpo@example.com">mejla</a> <a href="../villkor#x">relativ</a></p>'],
    ['*viktigt* och **mycket viktigt**', '<p dir="auto"><em>viktigt</em> och <strong>mycket viktigt</strong></p>'],
    ['2 * 3 * 4 och ** ensam', '<p dir="auto">2 * 3 * 4 och ** ensam</p>'],
    ['<script>alert(1)</script>', '<p dir="auto">&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['<img src=x onerror="alert(1)">', '<p dir="auto">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>'],
    ['# Rubrik och `kod`', '<p dir="auto"># Rubrik och `kod`</p>'],
    ['[klicka](javascript:alert(1))', '<p dir="auto">[klicka](javascript:alert(1))</p>'],
    ['[klicka](javascript:alert)', '<p dir="auto">klicka</p>'],
    ['[klicka](JaVaScRiPt:alert)', '<p dir="auto">klicka</p>'],
    ['[klicka](data:text/html,x)', '<p dir="auto">klicka</p>'],
    ['[klicka](vbscript:x)', '<p dir="auto">klicka</p>'],
    ['[**fet länk**](https://example.com)', '<p dir="auto"><a href="https://example.com"><strong>fet länk</strong></a></p>'],
    ['[x](https://a.example/"onmouseover="alert(1))', '<p dir="auto">[x](https://a.example/&quot;onmouseover=&quot;alert(1))</p>'],
    ['[x](https://a.example/"onmouseover="alert)', '<p dir="auto"><a href="https://a.example/&quot;onmouseover=&quot;alert">x</a></p>'],
  ])('%j', (text, html) => {
    expect(renderMarkdown(text)).toBe(html);
  });

  it.each([
    ['https://example.com', true],
    ['http://example.com', true],
    ['mailto:a@example.com', true],
    ['/privacy', true],
    ['villkor.html#a', true],
    ['javascript:alert(1)', false],
    [' javascript:alert(1)', false],
    ['java\tscript:alert(1)', false],
    ['/\\evil.example', false],
    ['data:text/html;base64,PHNjcmlwdD4=', false],
    ['file:///etc/passwd', false],
  ])('safeUrl(%j) allowed: %s', (url, allowed) => {
    expect(safeUrl(url) !== undefined).toBe(allowed);
  });

  it('never lets a <script>, an event handler or a javascript: URL from the policy reach any page or the feed', () => {
    const hostile = '<script>alert("x")</script> <b onclick="x()">b</b> [a](javascript:alert(1)) ]]></content><script>';
    const p = policy(
      [
        version(
          '2018-05-20',
          '2018-05-10',
          withSection('traffic-data', {
            heading: { sv: `Rubrik ${hostile}`, en: `Heading ${hostile}` },
            text: { sv: hostile, en: hostile },
            category: { holds: ['<script>x</script>'], retention: { max: 'P14D', basis: '<script>basis</script>', source: '"><script>s</script>' } },
          }),
        ),
        version('2026-12-20', '2026-11-15', withSection('traffic-data', { text: { sv: `${hostile} ny`, en: `${hostile} new` } }), { sv: hostile, en: hostile }),
      ],
      { organization: `Acme <script>org</script>`, title: { sv: `Titel </title><script>t</script>`, en: 'T' }, id: 'x"><script>' },
    );
    const { files } = buildSite(p, { at: AT, baseUrl: 'https://example.com/' });
    for (const [name, content] of files) {
      if (name === 'versions.json') continue;
      expect(content, name).not.toMatch(/<script/i);
      expect(content, name).not.toMatch(/\son[a-z]+="/i);
      expect(content, name).not.toMatch(/href="\s*javascript:/i);
    }
    expect(files.get('sv/index.html')).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // versions.json carries the text as data, as written
    expect(JSON.parse(files.get('versions.json')!).versions[0].sections[1].text.sv).toBe(hostile);
  });

  it('keeps very long words, right-to-left text and bidi controls inside their own paragraph', () => {
    const long = 'a'.repeat(5000);
    const rtl = 'نحن نحترم خصوصيتك \u202E reversed';
    const p = policy([version('2018-05-20', '2018-05-10', withSection('introduction', { text: { sv: `${long}\n\n${rtl}`, en: rtl } }))]);
    const sv = buildSite(p, { at: AT }).files.get('sv/index.html')!;
    expect(sv).toContain(`<p dir="auto">${long}</p>`);
    expect(sv).toContain(`<p dir="auto">${rtl}</p>`);
  });

  it('renders and diffs 1 MB paragraphs (a change too large for an exact word table is shown as one deletion and one insertion)', () => {
    const words = Array.from({ length: 150_000 }, (_, i) => `ord${i % 977}`).join(' ');
    const big = `${words} slut`;
    expect(big.length).toBeGreaterThan(1_000_000);
    const p = policy([
      version('2018-05-20', '2018-05-10', withSection('introduction', { text: { sv: big, en: big } })),
      version('2026-12-20', '2026-11-15', withSection('introduction', { text: { sv: `start ${big.replace('ord5 ', 'ORD5 ').replace(' slut', ' sist')}`, en: big } })),
    ]);
    const { files } = buildSite(p, { at: AT });
    expect(files.get('sv/2018-05-20/index.html')).toContain(big);
    const diff = files.get('sv/2026-12-20/diff/index.html')!;
    expect(diff).toContain(`<del><span class="vh">borttaget: </span>${big}</del>`);
    expect(diff).toContain('<ins><span class="vh">tillagt: </span>start ord0 ord1 ord2 ord3 ord4 ORD5 ord6');
    // a small change inside a 1 MB paragraph is exact: the common head and tail are trimmed first
    const small = policy([
      version('2018-05-20', '2018-05-10', withSection('introduction', { text: { sv: big, en: big } })),
      version('2026-12-20', '2026-11-15', withSection('introduction', { text: { sv: big.replace('ord5 ', 'ORD5 '), en: big } })),
    ]);
    const exact = buildSite(small, { at: AT }).files.get('sv/2026-12-20/diff/index.html')!;
    expect(exact).toContain('ord4 <del><span class="vh">borttaget: </span>ord5</del><ins><span class="vh">tillagt: </span>ORD5</ins> ord6');
  });
});

describe('word diff', () => {
  it.each([
    ['a b c', 'a b c', [['same', 'a b c']]],
    ['a b c', 'a x c', [['same', 'a '], ['del', 'b'], ['ins', 'x'], ['same', ' c']]],
    ['i 60 dagar', 'i 90 dagar eller mer', [['same', 'i '], ['del', '60'], ['ins', '90'], ['same', ' dagar'], ['ins', ' eller mer']]],
    ['a b c d', 'x b y d', [['del', 'a'], ['ins', 'x'], ['same', ' b '], ['del', 'c'], ['ins', 'y'], ['same', ' d']]],
    ['one two three', 'uno dos tres', [['del', 'one two three'], ['ins', 'uno dos tres']]],
    ['', 'ny text', [['ins', 'ny text']]],
  ])('%j → %j', (a, b, parts) => {
    expect(diffWords(a, b).map((p) => [p.op, p.text])).toEqual(parts);
  });

  it('compares large texts line by line first, then the changed lines word by word', () => {
    const para = (n: number) => Array.from({ length: 2500 }, (_, i) => `w${n}-${i}`).join(' ');
    const before = [para(1), para(2), para(3)].join('\n\n');
    const after = ['NYTT ' + para(1), para(2), para(3).replace('w3-7 ', 'W3-7 ')].join('\n\n');
    const parts = diffWords(before, after);
    expect(parts.filter((p) => p.op !== 'same').map((p) => [p.op, p.text])).toEqual([
      ['ins', 'NYTT '],
      ['del', 'w3-7'],
      ['ins', 'W3-7'],
    ]);
    expect(parts.filter((p) => p.op !== 'ins').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.op !== 'del').map((p) => p.text).join('')).toBe(after);
  });

  it('is exact: the same parts rebuild both texts', () => {
    const a = 'Vi lagrar trafikuppgifter i 60 dagar för att följa lagen, och loggar i 14 dagar.';
    const b = 'Vi sparar trafikuppgifter i 90 dagar för att följa lagen och PTS, och loggar i 14 dagar.';
    const parts = diffWords(a, b);
    expect(parts.filter((p) => p.op !== 'ins').map((p) => p.text).join('')).toBe(a);
    expect(parts.filter((p) => p.op !== 'del').map((p) => p.text).join('')).toBe(b);
  });
});

describe('publishSite: the output folder', () => {
  let tmp: string;
  let cwd: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'policyproof-publish-'));
    cwd = process.cwd();
  });
  afterEach(() => {
    process.chdir(cwd);
    rmSync(tmp, { recursive: true, force: true });
  });
  const p = () => policy([version('2018-05-20', '2018-05-10', BASE_SECTIONS)]);
  const refusal = async (promise: Promise<unknown>) => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PublishError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  };

  it('writes the site with a marker listing its files, and leaves no temporary folder behind', async () => {
    const out = path.join(tmp, 'site');
    const result = await publishSite(p(), { out, at: AT });
    expect(result.files).toContain('sv/index.html');
    expect(readFileSync(path.join(out, 'sv', 'index.html'), 'utf8')).toContain('<html lang="sv" ');
    const marker = readFileSync(path.join(out, MARKER), 'utf8').split('\n');
    expect(marker[0]).toBe('policyproof-site 1');
    expect(marker.slice(1).filter(Boolean)).toEqual(result.files);
    expect(readdirSync(tmp)).toEqual(['site']);
  });

  it('is deterministic: publishing twice gives identical bytes', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const first = await publishSite(twoVersions(), { out: a, at: AT, baseUrl: 'https://example.com/' });
    await new Promise((r) => setTimeout(r, 1100)); // a different second on the clock must not matter
    const second = await publishSite(twoVersions(), { out: b, at: AT, baseUrl: 'https://example.com/' });
    expect(second.files).toEqual(first.files);
    for (const f of [...first.files, MARKER]) expect(readFileSync(path.join(b, f)), f).toEqual(readFileSync(path.join(a, f)));
  });

  it('replaces a previous publish, removing pages that no longer exist', async () => {
    const out = path.join(tmp, 'site');
    await publishSite(twoVersions(), { out, at: AT });
    expect(existsSync(path.join(out, 'sv', '2026-12-20', 'diff', 'index.html'))).toBe(true);
    await publishSite(p(), { out, at: AT });
    expect(existsSync(path.join(out, 'sv', '2026-12-20'))).toBe(false);
    expect(existsSync(path.join(out, 'sv', '2018-05-20', 'index.html'))).toBe(true);
    expect(readdirSync(tmp)).toEqual(['site']);
  });

  it('refuses a folder holding anything but a previous publish, and deletes nothing', async () => {
    const out = path.join(tmp, 'docs');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    expect(await refusal(publishSite(p(), { out, at: AT }))).toMatch(/--out .*docs: the folder holds files that are not a previous publish/);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');

    const site = path.join(tmp, 'site');
    await publishSite(p(), { out: site, at: AT });
    writeFileSync(path.join(site, 'sv', 'extra.html'), 'mine');
    expect(await refusal(publishSite(p(), { out: site, at: AT }))).toContain('holds files a previous publish did not write (sv/extra.html)');
    expect(readFileSync(path.join(site, 'sv', 'extra.html'), 'utf8')).toBe('mine');
    expect(readdirSync(tmp).sort()).toEqual(['docs', 'site']);
  });

  it('refuses a marker that lists paths outside the folder', async () => {
    const out = path.join(tmp, 'site');
    mkdirSync(out);
    writeFileSync(path.join(out, MARKER), 'policyproof-site 1\n../victim.txt\n');
    expect(await refusal(publishSite(p(), { out, at: AT }))).toContain('is not a policyproof site listing');
  });

  it('refuses the repository root, a file, a symbolic link and the working directory', async () => {
    const repo = path.join(tmp, 'repo');
    mkdirSync(repo);
    writeFileSync(path.join(repo, 'package.json'), '{}');
    expect(await refusal(publishSite(p(), { out: repo, at: AT }))).toContain('looks like a repository root (it holds package.json)');
    mkdirSync(path.join(repo, '.git'));
    expect(await refusal(publishSite(p(), { out: repo, at: AT }))).toContain('looks like a repository root (it holds .git)');

    const file = path.join(tmp, 'page.html');
    writeFileSync(file, 'x');
    expect(await refusal(publishSite(p(), { out: file, at: AT }))).toContain('is a file, not a folder');
    expect(readFileSync(file, 'utf8')).toBe('x');

    const target = path.join(tmp, 'target');
    mkdirSync(target);
    symlinkSync(target, path.join(tmp, 'link'));
    expect(await refusal(publishSite(p(), { out: path.join(tmp, 'link'), at: AT }))).toContain('is a symbolic link');

    const empty = path.join(tmp, 'empty');
    mkdirSync(empty);
    process.chdir(empty);
    expect(await refusal(publishSite(p(), { out: '.', at: AT }))).toContain('refusing to replace the working directory');
  });

  it('publishes into an existing empty folder', async () => {
    const out = path.join(tmp, 'empty');
    mkdirSync(out);
    await publishSite(p(), { out, at: AT });
    expect(existsSync(path.join(out, 'en', 'index.html'))).toBe(true);
  });

  it('refuses a policy with lifecycle errors unless forced, and names them', async () => {
    const finding = (severity: Finding['severity'], ruleId: string): Finding => ({
      ruleId,
      severity,
      message: 'Version 2026-12-20 takes effect 10 days after publication;\nthe policy promises 30 days.',
      location: { file: 'policy/versions/2026-12-20.yaml', line: 3, column: 12 },
      help: '',
      fingerprint: 'f',
    });
    const out = path.join(tmp, 'site');
    const message = await refusal(publishSite(p(), { out, at: AT, lifecycleFindings: [finding('error', 'notice-period'), finding('warning', 'retention-not-stated')] }));
    expect(message).toBe(
      'refusing to publish: the policy fails 1 lifecycle rule check: notice-period at policy/versions/2026-12-20.yaml:3:12: Version 2026-12-20 takes effect 10 days after publication; the policy promises 30 days.. Fix the policy, or publish anyway with --force',
    );
    expect(existsSync(out)).toBe(false);

    const forced = await publishSite(p(), { out, at: AT, force: true, lifecycleFindings: [finding('error', 'notice-period')] });
    expect(forced.warnings[0]).toMatch(/^published with --force although the policy fails 1 lifecycle rule check: notice-period at/);
    expect(existsSync(path.join(out, 'sv', 'index.html'))).toBe(true);

    // warnings alone do not stop a publish
    await publishSite(p(), { out, at: AT, lifecycleFindings: [finding('warning', 'retention-not-stated')] });
  });

  it('refuses a bad --at, a bad --base-url and section ids that cannot be anchors', async () => {
    const out = path.join(tmp, 'site');
    expect(await refusal(publishSite(p(), { out, at: '2026-02-30' }))).toBe('--at 2026-02-30: not a calendar date (YYYY-MM-DD)');
    expect(await refusal(publishSite(p(), { out, at: AT, baseUrl: 'javascript:alert(1)' }))).toContain('must be an http(s) URL');
    expect(await refusal(publishSite(p(), { out, at: AT, baseUrl: 'example.com' }))).toContain('not an absolute URL');
    const bad = policy([version('2018-05-20', '2018-05-10', withSection('storage', { id: 'x" onmouseover="y' }))]);
    expect(await refusal(publishSite(bad, { out, at: AT }))).toContain('cannot be an anchor');
    const reserved = policy([version('2018-05-20', '2018-05-10', withSection('storage', { id: 'policyproof-main' }))]);
    expect(await refusal(publishSite(reserved, { out, at: AT }))).toContain('is reserved by the site');
    expect(existsSync(out)).toBe(false);
  });

  it('every page is valid for its links: relative links only, no absolute file paths', () => {
    for (const [name, html] of htmlFiles(buildSite(twoVersions(), { at: AT }).files)) {
      for (const m of html.matchAll(/href="([^"]*)"/g)) expect(m[1], `${name}: ${m[1]}`).toMatch(/^(\.\.?\/|[a-z0-9#]|data:,$)/);
    }
  });
});
