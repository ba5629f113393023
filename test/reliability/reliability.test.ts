/**
 * Reliability table (issue 11): every transform on a known violation in every source kind. Each
 * case runs the built CLI as a child process with a time limit, and passes when the violation is
 * still found with every other finding unchanged ("handled"), or when a note at the file gives the
 * reason ("reported"), as the transform's row says. No case may crash (exit 2 with a stack or an
 * internal error) or run out of time.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../support/cli.js';
import { KINDS, REPO_POLICY, writeRepo, type Kind } from './kinds.js';
import { SPECIALS, type Finding, type Run as RunBase, type Verdict } from './specials.js';
import { TRANSFORMS, type Outcome, type Transform } from './transforms.js';

const CASE_TIME_LIMIT_MS = 30_000;

type Run = RunBase & { timedOut: boolean };

/**
 * Runs `check` in the repository folder (so reported paths are repository-relative) in a
 * long-lived child process; a case that runs out of time kills it, and the next case starts another.
 */
class Runner {
  private child?: ChildProcessWithoutNullStreams;
  private buffer = '';
  private waiting?: (line: string) => void;

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, [path.join(import.meta.dirname, 'server.mjs')], { env: { ...process.env, NO_COLOR: '1' } });
    child.stdout.on('data', (d: Buffer) => {
      this.buffer += d.toString('utf8');
      const nl = this.buffer.indexOf('\n');
      if (nl !== -1 && this.waiting) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting(line);
      }
    });
    child.stderr.resume();
    return child;
  }

  run(args: string[], cwd: string): Promise<Run> {
    this.child ??= this.start();
    const child = this.child;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        child.kill('SIGKILL');
        this.child = undefined;
        this.buffer = '';
        resolve({ code: null, stdout: '', stderr: '', timedOut: true });
      }, CASE_TIME_LIMIT_MS);
      this.waiting = (line) => {
        clearTimeout(timer);
        this.waiting = undefined;
        const r = JSON.parse(line) as Omit<Run, 'timedOut'>;
        resolve({ ...r, timedOut: false });
      };
      child.stdin.write(`${JSON.stringify({ cwd, args: ['check', ...args, '--format', 'json', '--at', '2026-11-28', '--fail-on', 'error'] })}\n`);
    });
  }

  stop(): void {
    this.child?.kill();
  }
}

const runner = new Runner();
export const runCheck = (args: string[], cwd: string): Promise<Run> => runner.run(args, cwd);

export function findingsOf(run: Run): Finding[] | undefined {
  if (run.code !== 0 && run.code !== 1) return undefined;
  // a path through the symbolic link to the repository reads as the repository's own path
  return (JSON.parse(run.stdout) as { findings: Finding[] }).findings.map((f) => (f.file ? { ...f, file: f.file.replace(/^(?:\.\.\/)+[^/]+\/workspace-link\//, '') } : f));
}

const key = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.severity}`;


/** Judges one run against the baseline findings of its kind and the transform's expected outcome. */
export function judge(kind: Kind, run: Run, baseline: Finding[], want: Outcome, transformedFile: string): Verdict {
  if (run.timedOut) return { outcome: 'failed', detail: `no result within ${CASE_TIME_LIMIT_MS} ms` };
  if (run.code === 2) {
    // a load error of the policy or the configuration: one line naming the file, never an internal error
    const line = run.stderr.trim().split('\n').at(-1) ?? '';
    if (want.note && want.noteInstead && want.note.test(line) && line.includes(path.basename(want.noteFile ?? transformedFile))) return { outcome: 'reported', detail: line };
    return { outcome: 'failed', detail: `exit 2: ${run.stderr.trim().slice(0, 400)}` };
  }
  const findings = findingsOf(run);
  if (!findings) return { outcome: 'failed', detail: `exit ${run.code}: ${run.stderr.slice(0, 400)}` };
  const noteFile = want.noteFile ?? transformedFile;
  const notes = findings.filter((f) => f.ruleId === 'source-error' || f.ruleId === 'unknown-category' || f.ruleId === 'invalid-annotation');
  const note = want.note ? notes.find((f) => f.file === noteFile && want.note!.test(f.message)) : undefined;
  const rest = (list: Finding[]) => list.filter((f) => !notes.includes(f) || baseline.some((b) => key(b) === key(f))).map(key).sort();
  const base = baseline.map(key).sort();
  const sameFindings = JSON.stringify(rest(findings)) === JSON.stringify(base) && findings.filter((f) => f.ruleId !== 'source-error').length >= baseline.length;
  if (want.note && !note) {
    return { outcome: 'failed', detail: `no note at ${noteFile} matching ${want.note}; notes: ${notes.map((n) => `${n.file}:${n.line} ${n.message}`).join(' | ') || 'none'}` };
  }
  if (want.same && sameFindings) return { outcome: 'handled', detail: note ? `found, and noted: ${note.message}` : 'found, findings unchanged' };
  if (note && want.noteInstead) return { outcome: 'reported', detail: `${note.file}:${note.line}: ${note.message}` };
  const missing = base.filter((b) => !rest(findings).includes(b));
  const extra = rest(findings).filter((f) => !base.includes(f));
  return { outcome: 'failed', detail: `findings changed; missing: ${missing.join(', ') || 'none'}; extra: ${extra.join(', ') || 'none'}; notes: ${notes.map((n) => n.message).join(' | ')}` };
}

function argsFor(kind: Kind, extra?: string[]): string[] {
  const args = extra ?? ['.'];
  return kind.ownPolicy ? args : [...args, '--policy', REPO_POLICY];
}

const tally: Record<string, number> = { handled: 0, reported: 0, failed: 0 };
const byKind = new Map<string, Record<string, number>>();
const count = (kind: string, outcome: string) => {
  tally[outcome]!++;
  const k = byKind.get(kind) ?? { handled: 0, reported: 0, failed: 0 };
  k[outcome]!++;
  byKind.set(kind, k);
};
const baselines = new Map<string, Finding[]>();

beforeAll(ensureBuilt);
afterAll(() => {
  runner.stop();
  // the closing note quotes these counts
  console.log(`reliability: ${tally.handled! + tally.reported! + tally.failed!} cases — ${tally.handled} handled, ${tally.reported} reported with a reason, ${tally.failed} failed`);
  for (const [kind, k] of byKind) console.log(`  ${kind}: ${k.handled} handled, ${k.reported} reported, ${k.failed} failed`);
});

describe.each(KINDS)('$name', (kind) => {
  it('baseline: the known violation is found', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), `policyproof-rel-${kind.name}-`));
    writeRepo(dir, kind, (_f, t) => Buffer.from(t));
    const run = await runCheck(argsFor(kind), dir);
    const findings = findingsOf(run);
    expect(findings, run.stderr).toBeDefined();
    expect(findings!.filter((f) => f.ruleId === 'source-error').map((f) => f.message)).toEqual([]);
    expect(findings!.some((f) => f.ruleId === kind.target.rule && f.file === kind.target.file)).toBe(true);
    baselines.set(kind.name, findings!);
  });

  const rows: Array<[string, Transform]> = TRANSFORMS.filter((t) => !t.applies || t.applies(kind)).map((t) => [t.name, t]);
  it.each(rows)('%s', async (_name, t) => {
    const baseline = baselines.get(kind.name);
    expect(baseline, 'baseline ran').toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), `policyproof-rel-${kind.name}-`));
    writeRepo(dir, kind, (file, text) => (t.bytes ? t.bytes(text, file) : Buffer.from(text)));
    const extra = t.setup?.(dir, kind) ?? undefined;
    const run = await runCheck(argsFor(kind, extra), dir);
    const verdict = judge(kind, run, baseline!, t.expect(kind), kind.files[0]!);
    count(kind.name, verdict.outcome);
    expect(verdict.outcome, verdict.detail).not.toBe('failed');
  });
});

describe.each(SPECIALS)('$name', (special) => {
  it(special.case, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policyproof-rel-special-'));
    const args = special.setup(dir);
    const run = await runCheck(args ?? ['.', '--policy', REPO_POLICY], dir);
    expect(run.timedOut, 'finished in time').toBe(false);
    const verdict = special.judge(run, findingsOf(run));
    count(`${special.name} (format-specific)`, verdict.outcome);
    expect(verdict.outcome, verdict.detail).not.toBe('failed');
  });
});
