import { describe, expect, it } from 'vitest';
import { formatOutputs, parseOutputs, workflowCommand } from '../../src/action/commands.js';
import { retryDelay, defaultRetryPolicy } from '../../src/action/github.js';
import { escapeMarkdown, truncateMarkdown } from '../../src/action/markdown.js';
import { addedLines, parseGitDiff, unquoteGitPath } from '../../src/action/patch.js';
import { getInput, readInputs } from '../../src/action/run.js';

describe('workflow commands', () => {
  it('escapes data (%, CR, LF) and properties (also : and ,) as the runner reads them', () => {
    expect(workflowCommand('error', '50% done\r\nnext: a, b', { file: 'db/a:b,c%.sql', line: 3, col: 2, title: 'x: y, z' })).toBe(
      '::error file=db/a%3Ab%2Cc%25.sql,line=3,col=2,title=x%3A y%2C z::50%25 done%0D%0Anext: a, b',
    );
    expect(workflowCommand('notice', 'plain')).toBe('::notice::plain');
  });

  it('writes outputs with a delimiter the value cannot contain, and reads them back', () => {
    const value = 'line 1\nghadelimiter_x\nline 3';
    const text = formatOutputs({ errors: '2', pending: value, empty: '' });
    expect(text).toMatch(/^errors<<ghadelimiter_[0-9a-f-]{36}\n2\nghadelimiter_[0-9a-f-]{36}\n/);
    expect(parseOutputs(text)).toEqual({ errors: '2', pending: value, empty: '' });
  });
});

describe('inputs', () => {
  it('reads INPUT_ names upper-cased with hyphens kept and spaces as _', () => {
    const env = { 'INPUT_FAIL-ON': ' warning ', 'INPUT_GITHUB-TOKEN': 't', INPUT_MY_INPUT: 'v' };
    expect(getInput(env, 'fail-on')).toBe('warning');
    expect(getInput(env, 'my input')).toBe('v');
    expect(readInputs(env)).toEqual({ policy: undefined, paths: undefined, at: undefined, failOn: 'warning', comment: true, sarifFile: '', token: 't' });
    expect(readInputs({ INPUT_PATHS: 'db,\n infra/main tf \n\n', INPUT_COMMENT: 'False' })).toMatchObject({ paths: ['db', 'infra/main tf'], comment: false });
  });
});

describe('diff hunks', () => {
  it('counts added lines of the new file from a patch', () => {
    const patch = ['@@ -1,4 +1,5 @@', ' a', '-b', '+B', '+B2', ' c', '\\ No newline at end of file', '@@ -10,2 +11,3 @@ fn()', ' x', '+y', ' z'].join('\n');
    expect([...addedLines(patch)]).toEqual([2, 3, 12]);
  });

  it('splits git diff output per file, following hunk counts', () => {
    const diff = [
      'diff --git a/x.sql b/x.sql',
      '--- a/x.sql',
      '+++ b/x.sql',
      '@@ -1,0 +2,2 @@',
      '+++ not a header, an added line starting with ++',
      '+second',
      'diff --git "a/we\\303\\251ird \\"q\\".sql" "b/we\\303\\251ird \\"q\\".sql"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/we\\303\\251ird \\"q\\".sql"',
      '@@ -0,0 +1 @@',
      '+x',
      'diff --git a/gone.sql b/gone.sql',
      'deleted file mode 100644',
      '--- a/gone.sql',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
    ].join('\n');
    const files = parseGitDiff(diff);
    expect([...files.keys()]).toEqual(['x.sql', 'weéird "q".sql']);
    expect([...files.get('x.sql')!]).toEqual([2, 3]);
    expect([...files.get('weéird "q".sql')!]).toEqual([1]);
    expect(unquoteGitPath('plain/path.sql')).toBe('plain/path.sql');
  });
});

describe('retries', () => {
  const err = (status: number | undefined, headers: Record<string, string> = {}, message = '') => ({ status, message, response: { headers } });
  it.each([
    ['502 on GET backs off exponentially', err(502), 'GET', 2, 2000],
    ['502 on POST is not retried (it may have been applied)', err(502), 'POST', 1, undefined],
    ['a network error on GET is retried', err(undefined), 'GET', 1, 1000],
    ['429 waits for retry-after', err(429, { 'retry-after': '3' }), 'POST', 1, 3000],
    ['403 with x-ratelimit-remaining 0 waits until the reset', err(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }), 'GET', 1, 11000],
    ['a wait beyond the bound is not waited for', err(429, { 'retry-after': '3600' }), 'GET', 1, undefined],
    ['403 without rate-limit signs is a permission: no retry', err(403), 'POST', 1, undefined],
    ['404 is not retried', err(404), 'GET', 1, undefined],
    ['422 is not retried', err(422), 'PATCH', 1, undefined],
    ['attempts are bounded', err(503), 'GET', 4, undefined],
  ])('%s', (_name, e, method, attempt, expected) => {
    expect(retryDelay(e, method, attempt, defaultRetryPolicy, 1_000_000)).toBe(expected);
  });
});

describe('markdown', () => {
  it('escapes HTML and inline syntax, keeps table cells whole and mentions inert', () => {
    expect(escapeMarkdown('<b>x</b> & *y* [l](u) a|b `c` @team ~~s~~ $m$\nnext')).toBe(
      '&lt;b&gt;x&lt;/b&gt; &amp; \\*y\\* \\[l\\](u) a\\|b \\`c\\` @\u200Bteam \\~\\~s\\~\\~ \\$m\\$ next',
    );
  });

  it('shows bidirectional control characters instead of letting them reorder the text', () => {
    expect(escapeMarkdown('invoice\u202Egnp.sql')).toBe('invoice&lt;U+202E&gt;gnp.sql');
  });

  it('cuts at a line, closes an open fence and <details>, and appends the footer', () => {
    const doc = ['<details open><summary>s</summary>', '', '```', ...Array.from({ length: 500 }, (_, i) => `line ${i}`)].join('\n');
    const cut = truncateMarkdown(doc, 1000, 'FOOTER');
    expect(cut.length).toBeLessThanOrEqual(1000);
    expect(cut).toMatch(/line \d+\n```\n\n<\/details>\n\nFOOTER\n$/);
    expect(truncateMarkdown('short', 1000, 'FOOTER')).toBe('short');
  });

  it('counts UTF-8 bytes where GitHub does (the job summary)', () => {
    const doc = Array.from({ length: 400 }, () => 'åäö'.repeat(10)).join('\n');
    const cut = truncateMarkdown(doc, 5000, 'END', 'utf8-bytes');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(5000);
    expect(cut).not.toContain('\uFFFD');
    expect(cut.endsWith('\n\nEND\n')).toBe(true);
    // counted in characters, the same limit keeps about twice as much of this two-byte text
    expect(truncateMarkdown(doc, 5000, 'END', 'chars').length).toBeGreaterThan(cut.length * 1.8);
  });
});
