/** Progress on stderr: only on a terminal, only for runs longer than the delay, cleared at the end. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProgress } from '../../src/commands/progress.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const stream = (isTTY: boolean) => {
  const written: string[] = [];
  return { isTTY, written, write: (s: string) => written.push(s) };
};

describe('progress', () => {
  it('a terminal: nothing before the delay, then the last step in place, cleared at the end', () => {
    const s = stream(true);
    const p = startProgress(s, {}, 2000);
    p.step('policyproof: 120 files');
    vi.advanceTimersByTime(1999);
    expect(s.written).toEqual([]);
    vi.advanceTimersByTime(1);
    p.step('policyproof: sql in 800 ms');
    p.stop();
    expect(s.written).toEqual(['\r\u001b[Kpolicyproof: 120 files', '\r\u001b[Kpolicyproof: sql in 800 ms', '\r\u001b[K']);
  });

  it('a short run on a terminal prints nothing', () => {
    const s = stream(true);
    const p = startProgress(s, {}, 2000);
    p.step('policyproof: 3 files');
    vi.advanceTimersByTime(500);
    p.stop();
    vi.advanceTimersByTime(5000);
    expect(s.written).toEqual([]);
  });

  it('piped, in CI or on a dumb terminal: nothing, however long', () => {
    for (const [s, env] of [[stream(false), {}], [stream(true), { CI: 'true' }], [stream(true), { TERM: 'dumb' }]] as const) {
      const p = startProgress(s, env, 2000);
      vi.advanceTimersByTime(10_000);
      p.step('x');
      p.stop();
      expect(s.written).toEqual([]);
    }
  });
});
