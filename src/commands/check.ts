import { stat } from 'node:fs/promises';
import path from 'node:path';
import { check, type CheckOptions, type CheckResult } from '../engine/check.js';
import { applyBaseline, baselineText, readBaseline } from '../engine/baseline.js';
import { changedFiles } from '../engine/changed.js';
import { UsageError } from '../engine/files.js';
import { checkRuleIds, loadConfig, pathFilter, type Config } from '../config/index.js';
import { parse } from './index.js';
import type { ResolvedPolicy } from '../policy-source/index.js';
import { isPolicyReference } from '../policy-source/reference.js';
import { exitCodeFor, parseFailOn, parseFormats, writeOutputFile, writeOutputs } from './output.js';

export const CHECK_OPTIONS = {
  policy: { type: 'string' },
  at: { type: 'string' },
  base: { type: 'string' },
  'changed-only': { type: 'boolean' },
  'database-url': { type: 'string' },
  format: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  config: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'report-unused-suppressions': { type: 'boolean' },
  'include-tests': { type: 'boolean' },
  offline: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

export type CheckFlags = Partial<{
  policy: string; at: string; base: string; 'changed-only': boolean; 'database-url': string; format: string[];
  'fail-on': string; config: string; baseline: string; 'write-baseline': string; 'report-unused-suppressions': boolean; verbose: boolean;
  'include-tests': boolean;
  /** a shared policy: the cache only */
  offline: boolean;
  /** a token that may read a private policy repository (the Action's github-token; never a CLI flag) */
  'github-token': string;
}>;

/** The options of one run: flags win over policyproof.yaml, which wins over defaults. */
export async function resolveOptions(flags: CheckFlags, paths: string[], root = process.cwd()): Promise<{ options: CheckOptions; config: Config; source?: ResolvedPolicy }> {
  const config = await loadConfig(root, flags.config);
  const { allRules } = await import('../../rules/index.js');
  checkRuleIds(config, allRules.map((r) => r.meta.id));
  const configured = await pathFilter(config.include, config.exclude);
  // A policy named by reference (git, npm) is fetched and pinned here; check reads a folder.
  const { choosePolicy } = await import('../policy-source/options.js');
  const chosen = await choosePolicy(flags.policy ?? config.policy ?? 'policy', {
    root, offline: flags.offline ?? config.offline, cacheDir: config.cacheDir, owns: config.owns, rules: config.rules, locations: config.locations, allRules, token: flags['github-token'],
  });
  const cache = chosen.cacheInRepository;
  const accept = cache ? (rel: string) => rel !== cache && !rel.startsWith(`${cache}/`) && (configured?.(rel) ?? true) : configured;
  const options: CheckOptions = {
    root,
    paths: paths.length ? paths : undefined,
    policyDir: chosen.policyDir,
    policyShared: chosen.source !== undefined,
    ownedPromises: chosen.ownedPromises,
    sharedPolicyAt: chosen.sharedPolicyAt,
    at: flags.at ?? config.at,
    base: flags.base ?? config.base,
    databaseUrl: flags['database-url'] ?? config.databaseUrl ?? undefined,
    severities: chosen.severities as CheckOptions['severities'],
    accept,
    includeTests: flags['include-tests'] ?? config.tests === 'include',
    include: includeOf(config, root),
    noInlineSuppressions: config.noInlineSuppressions,
    reportUnusedSuppressions: flags['report-unused-suppressions'] ?? config.reportUnusedSuppressions,
    extraDataTypes: config.dataTypes,
    extraResources: config.resources,
    sqlDialects: config.sqlDialects,
    sqlPrimaryDialect: config.sqlPrimaryDialect,
    terraformRegions: config.terraformRegions,
    log: (m) => {
      if (flags.verbose || process.env.POLICYPROOF_VERBOSE) process.stderr.write(`${m}\n`);
    },
  };
  return { options, config, source: chosen.source };
}

/** The include patterns with where they are written, repository-relative (for the warning when one matches nothing). */
function includeOf(config: Config, root: string): CheckOptions['include'] {
  if (!config.include?.length || !config.file) return undefined;
  const at = /^(.*):(\d+):(\d+)$/.exec(config.locations?.include ?? '');
  const file = path.relative(root, path.resolve(config.file)).split(path.sep).join('/');
  return { patterns: config.include, location: { file, line: at ? Number(at[2]) : 1, column: at ? Number(at[3]) : 1 } };
}

/**
 * Where the repository is. PATHs inside the current folder are parts of it (the current folder is
 * the root, as in `policyproof check examples/sms-api`). A single folder outside it is another
 * repository (`policyproof check ../billing`, like `checkov -d`): that folder is the root, with its
 * own policy/ and policyproof.yaml; a --policy given on the command line stays relative to here.
 */
export async function repositoryOf(positionals: string[], flags: CheckFlags, cwd = process.cwd()): Promise<{ root: string; paths: string[]; flags: CheckFlags }> {
  const outside = (p: string) => {
    const rel = path.relative(cwd, path.resolve(cwd, p));
    return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  };
  const away = positionals.filter(outside);
  if (away.length === 0) return { root: cwd, paths: positionals, flags };
  const root = path.resolve(cwd, positionals[0]);
  const info = await stat(root).catch(() => undefined);
  if (positionals.length !== 1 || !info?.isDirectory()) {
    throw new UsageError(`${away[0]}: outside the repository (${cwd}); check one repository at a time: policyproof check DIR with that repository's folder alone`);
  }
  const adjusted = { ...flags };
  for (const key of ['policy', 'config'] as const) if (adjusted[key] && !isPolicyReference(adjusted[key]!)) adjusted[key] = path.resolve(cwd, adjusted[key]!);
  return { root, paths: [], flags: adjusted };
}

export async function runCheck(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, CHECK_OPTIONS, Infinity, 'check');
  const { enterRepository } = await import('./root.js');
  const repo = await repositoryOf(enterRepository(positionals, values as CheckFlags), values as CheckFlags);
  const flags = repo.flags;
  const { options, config } = await resolveOptions(flags, repo.paths, repo.root);
  const formats = parseFormats(flags.format ?? config.format);
  const failOn = parseFailOn(flags['fail-on'] ?? config.failOn);
  const changedOnly = flags['changed-only'] ?? config.changedOnly ?? false;
  if (changedOnly && !options.base) throw new UsageError('--changed-only needs --base REF (the change is what differs from it)');

  const { startProgress } = await import('./progress.js');
  const progress = startProgress(process.stderr);
  const log = options.log;
  let result: CheckResult;
  try {
    result = await check({ ...options, log: (m) => (progress.step(m), log?.(m)) });
  } finally {
    progress.stop();
  }
  await filterResult(result, { changedOnly, base: options.base, baseline: flags.baseline ?? config.baseline });
  if (flags['write-baseline']) {
    await writeOutputFile(flags['write-baseline'], baselineText(result.findings), '--write-baseline');
    process.stderr.write(`policyproof: wrote ${result.findings.filter((f) => !f.suppressed).length} findings to the baseline ${flags['write-baseline']}\n`);
  }
  await writeOutputs(result, formats, flags.verbose);
  return exitCodeFor(result, failOn);
}

/** What is reported of the analysis: only the change's files (--changed-only), only what the baseline lacks. */
export async function filterResult(result: CheckResult, opts: { changedOnly?: boolean; base?: string; baseline?: string }): Promise<void> {
  if (opts.changedOnly && opts.base) {
    const changed = await changedFiles(result.root, opts.base);
    result.findings = result.findings.filter((f) => changed.has(f.location.file));
  }
  if (opts.baseline) applyBaseline(result.findings, await readBaseline(opts.baseline));
}

export async function runConfig(args: string[]): Promise<number> {
  const { values } = parse(args, CHECK_OPTIONS, Infinity, 'config');
  const flags = values as CheckFlags;
  const { options, config, source } = await resolveOptions(flags, []);
  const effective = {
    source: config.file ?? '(defaults; no policyproof.yaml)',
    policy: source ? source.reference.text : options.policyDir,
    ...(source ? { 'policy-pin': source.pin, 'owns-promises': options.ownedPromises ?? 'all' } : {}),
    at: options.at ?? '(today in the policy timezone)',
    base: options.base ?? null,
    'changed-only': flags['changed-only'] ?? config.changedOnly ?? false,
    'database-url': options.databaseUrl ? redactUrl(options.databaseUrl) : null,
    format: flags.format ?? config.format ?? ['stylish'],
    'fail-on': flags['fail-on'] ?? config.failOn ?? 'error',
    include: config.include ?? [],
    exclude: config.exclude ?? [],
    rules: config.rules ?? {},
    baseline: flags.baseline ?? config.baseline ?? null,
    'report-unused-suppressions': options.reportUnusedSuppressions ?? false,
    tests: options.includeTests ? 'include' : 'exclude',
    'no-inline-suppressions': options.noInlineSuppressions ?? [],
    resources: config.resources?.length ?? 0,
    'data-types': config.dataTypes?.length ?? 0,
    // publish.theme as written (kebab-case keys)
    ...(config.publish?.theme
      ? { publish: { theme: Object.fromEntries(Object.entries(config.publish.theme).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), v])) } }
      : {}),
  };
  const { stringify } = await import('yaml');
  process.stdout.write(stringify(effective));
  return 0;
}

/**
 * Never print a password: postgres://user:secret@host/db → postgres://user:***@host/db, and the
 * ones libpq reads from the query (?password=…, ?sslpassword=…).
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
