import path from 'node:path';
import type { Rule } from '../core/types.js';
import { cacheDirectory, isPolicyReference, resolvePolicySource, type ResolvedPolicy } from './index.js';

/** What policyproof.yaml says this repository owns of a shared policy (see docs/shared-policy.md). */
export interface Ownership {
  /** categories whose promises (delete, configure, disable) this repository must implement; 'all' = every one */
  promises?: string[] | 'all';
}

export interface PolicyChoice {
  policyDir: string;
  /** set when the policy came by reference */
  source?: ResolvedPolicy;
  /** rule severities with the policy's own lifecycle rules off when the policy is shared (config wins) */
  severities?: Record<string, string>;
  /** undefined: every promise is this repository's */
  ownedPromises?: string[];
  /** the cache folder, relative to the repository, when it lies inside it: not part of the scan */
  cacheInRepository?: string;
  /** where findings in the shared policy's own files are reported (policyproof.yaml's owns/policy line) */
  sharedPolicyAt?: { reference: string; location: { file: string; line: number; column: number } };
}

/**
 * The policy option of a run, made a folder: a reference is fetched (or read from the cache with
 * --offline) and pinned. A consuming repository does not report the policy's own lifecycle (that is
 * the policy repository's business) and owns only the promises policyproof.yaml says it owns.
 */
export async function choosePolicy(
  policy: string,
  ctx: {
    root: string;
    offline?: boolean;
    cacheDir?: string;
    owns?: Ownership;
    rules?: Record<string, string>;
    /** policyproof.yaml's key locations ("file:line:column", relative to the working folder) */
    locations?: Record<string, string>;
    allRules: Rule[];
    token?: string;
    env?: NodeJS.ProcessEnv;
    warn?: (message: string) => void;
  },
): Promise<PolicyChoice> {
  const env = ctx.env ?? process.env;
  const owned = ctx.owns?.promises === 'all' ? undefined : ctx.owns?.promises;
  if (!isPolicyReference(policy)) return { policyDir: policy, severities: ctx.rules, ownedPromises: owned };
  const cacheDir = cacheDirectory(ctx.root, ctx.cacheDir, env);
  const cacheRel = path.relative(ctx.root, cacheDir).split(path.sep).join('/');
  const source = await resolvePolicySource(policy, {
    root: ctx.root,
    offline: ctx.offline,
    cacheDir,
    token: ctx.token ?? env.POLICYPROOF_GITHUB_TOKEN ?? env.GITHUB_TOKEN,
    serverUrl: env.GITHUB_SERVER_URL,
  });
  const warn = ctx.warn ?? ((m: string) => process.stderr.write(`policyproof: warning: ${m}\n`));
  for (const w of source.warnings) warn(w);
  if (source.lockWritten) process.stderr.write(`policyproof: pinned ${policy} in policyproof.lock\n`);
  const lifecycleOff = Object.fromEntries(ctx.allRules.filter((r) => r.meta.type === 'lifecycle').map((r) => [r.meta.id, 'off']));
  return {
    policyDir: source.dir,
    source,
    severities: { ...lifecycleOff, ...ctx.rules },
    ownedPromises: ctx.owns?.promises === 'all' ? undefined : (owned ?? []),
    sharedPolicyAt: { reference: policy, location: keyLocation(ctx.root, ctx.locations?.owns ?? ctx.locations?.policy) },
    cacheInRepository: cacheRel && !cacheRel.startsWith('..') && !path.isAbsolute(cacheRel) ? cacheRel : undefined,
  };
}

/** "policyproof.yaml:3:1" (relative to the working folder) → a location relative to the repository; else the lock. */
function keyLocation(root: string, where: string | undefined): { file: string; line: number; column: number } {
  const m = where ? /^(.*):(\d+):(\d+)$/.exec(where) : null;
  if (!m) return { file: 'policyproof.lock', line: 1, column: 1 };
  const file = path.relative(root, path.resolve(m[1])).split(path.sep).join('/');
  return { file, line: Number(m[2]), column: Number(m[3]) };
}
