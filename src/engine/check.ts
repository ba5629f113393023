import { realpath } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type {
  CategoryReference, DataTypeDefinition, Diagnostic, Finding, FindingInput, Implementation, Location, Policy,
  PolicyVersion, Rule, RuleContext, Severity, SourceResult, Store, Suppression,
} from '../core/types.js';
import { discoverFiles, readTextFile, toPosix, UsageError } from './files.js';
import { compareFindings, disambiguate, fingerprintOf } from './fingerprint.js';
import { applySuppressions } from './suppress.js';
import { mergeStores } from './stores.js';
import { isCalendarDate, pendingVersions, today, versionInForce } from '../policy/timeline.js';

export type SeverityOverride = Severity | 'off';

export interface CheckOptions {
  /** repository root; file paths in findings are relative to it */
  root: string;
  /** files or folders to scan, relative to root (default: the whole root) */
  paths?: string[];
  /** policy folder, relative to root or absolute */
  policyDir: string;
  /** YYYY-MM-DD; default today in the policy's timezone */
  at?: string;
  /** git ref of the base, for the lifecycle rules that compare with it */
  base?: string;
  /** a policy already loaded for the base (tests, the Action); wins over `base` */
  basePolicy?: Policy;
  databaseUrl?: string;
  /** rule id → severity or off */
  severities?: Record<string, SeverityOverride>;
  /** include / exclude filter over repository-relative paths */
  accept?: (rel: string) => boolean;
  /** read test code too (`--include-tests`, `tests: include`); left out by default */
  includeTests?: boolean;
  /** the include patterns of the configuration and where they are written (a pattern matching nothing is a warning) */
  include?: { patterns: string[]; location: Location };
  /** rules whose findings inline suppressions may not silence */
  noInlineSuppressions?: string[];
  reportUnusedSuppressions?: boolean;
  /** extra data types (policyproof.yaml) */
  extraDataTypes?: DataTypeDefinition[];
  extraResources?: unknown[];
  /** the policy came by reference (policy-source): it has no history in this repository to compare --base with */
  policyShared?: boolean;
  /**
   * Where a finding located in a shared policy's files (outside this repository, in the cache) is
   * reported instead: the line of policyproof.yaml that names or owns the policy.
   */
  sharedPolicyAt?: { reference: string; location: { file: string; line: number; column: number } };
  /** categories whose promises this repository implements (undefined: all; policyproof.yaml `owns`) */
  ownedPromises?: string[];
  /** SQL dialect per glob, and the primary dialect (policyproof.yaml) */
  sqlDialects?: Record<string, string>;
  sqlPrimaryDialect?: string;
  /** Terraform provider → region, where the configuration states none (policyproof.yaml) */
  terraformRegions?: Record<string, string>;
  /** run only these rules (tests) */
  onlyRules?: string[];
  /** skip the repository scan: lifecycle rules only (`policy validate`) */
  lifecycleOnly?: boolean;
  log?: (message: string) => void;
}

export interface CheckResult {
  root: string;
  at: string;
  policy: Policy;
  inForce?: PolicyVersion;
  pending: PolicyVersion[];
  base?: Policy;
  findings: Finding[];
  stores: Store[];
  implementations: Implementation[];
  files: string[];
  /** files left out as test code (none with includeTests) */
  testFilesLeftOut?: number;
  rules: Rule[];
  durationMs: number;
}

export async function check(opts: CheckOptions): Promise<CheckResult> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  // a repository reached through a symbolic link is checked where it is
  const root = await realpath(path.resolve(opts.root)).catch(() => path.resolve(opts.root));
  const policyAbs = path.resolve(root, opts.policyDir);
  const policyRel = toPosix(path.relative(root, policyAbs));

  const { loadPolicy, loadPolicyAtRef } = await import('../policy/load.js');
  const policy = await loadPolicy(policyAbs, { root });
  const at = opts.at ?? today(policy.identity.timezone);
  if (!isCalendarDate(at)) throw new UsageError(`--at: "${at}" is not a calendar date (YYYY-MM-DD)`);
  const base = opts.basePolicy ?? (opts.base && !opts.policyShared ? await loadPolicyAtRef(root, policyRel, opts.base) : undefined);
  const inForce = versionInForce(policy, at);
  const pending = pendingVersions(policy, at);

  const { allRules } = await import('../../rules/index.js');
  const rules = allRules.filter((r) => opts.severities?.[r.meta.id] !== 'off' && (!opts.onlyRules || opts.onlyRules.includes(r.meta.id)));

  const scan = opts.lifecycleOnly ? emptyScan() : await scanRepository(root, policyRel, opts, log);
  const dataTypes = await dataTypesFor(policy, opts.extraDataTypes);
  if (!opts.lifecycleOnly) await classifyStores(scan.stores, dataTypes);

  const severityOf = (rule: Rule): Severity => {
    const o = opts.severities?.[rule.meta.id];
    return o && o !== 'off' ? o : rule.meta.defaultSeverity;
  };

  const findings: Finding[] = [];
  const baseContext = {
    policy, at, pending, base, inForce, dataTypes,
    stores: scan.stores, implementations: scan.implementations, references: scan.references,
    diagnostics: scan.diagnostics, suppressions: scan.suppressions,
    options: {
      reportUnusedSuppressions: opts.reportUnusedSuppressions ?? false,
      noInlineSuppressions: opts.noInlineSuppressions ?? [],
      ruleIds: allRules.map((r) => r.meta.id),
      ownedPromises: opts.ownedPromises,
    },
  };
  const runRule = (rule: Rule, ctx: Omit<RuleContext, 'report'>, sink: (f: Finding, logicalKey: string) => void) => {
    const severity = severityOf(rule);
    const configured = opts.severities?.[rule.meta.id] !== undefined;
    const report = (input: FindingInput) => sink(toFinding(rule, configured ? severity : input.severity ?? severity, input, ctx), `${input.ruleId}|${input.key ?? input.storeId ?? input.message}`);
    try {
      rule.check({ ...ctx, report });
    } catch (e) {
      if (process.env.POLICYPROOF_DEBUG) throw e;
      sink({
        ruleId: rule.meta.id, severity: 'error', message: `internal error in rule ${rule.meta.id}: ${(e as Error).message}`,
        location: { file: policyRel || '.', line: 1, column: 1 }, help: 'Report this as a bug in policyproof.',
        fingerprint: fingerprintOf({ ruleId: rule.meta.id, location: { file: policyRel, line: 1, column: 1 }, message: 'internal-error' }),
      }, `${rule.meta.id}|internal-error`);
    }
  };

  const normal = rules.filter((r) => r.meta.phase !== 'post');
  for (const rule of normal) {
    if (rule.meta.type === 'lifecycle') runRule(rule, { ...baseContext, judged: inForce, timing: 'in-force' }, (f) => findings.push(f));
  }
  if (!opts.lifecycleOnly) {
    const repositoryRules = normal.filter((r) => r.meta.type === 'repository');
    // What a pending version will break on its effective date, beyond what already breaks today:
    // the same logical finding (rule + store/promise) in another version's file is not news.
    const now = new Set<string>();
    for (const rule of repositoryRules) {
      runRule(rule, { ...baseContext, judged: inForce, timing: 'in-force' }, (f, key) => {
        findings.push(f);
        now.add(key);
      });
    }
    for (const version of pending) {
      for (const rule of repositoryRules) {
        runRule(rule, { ...baseContext, judged: version, timing: 'pending' }, (f, key) => {
          if (now.has(key)) return;
          now.add(key);
          findings.push({
            ...f,
            severity: f.severity === 'error' ? 'warning' : f.severity,
            timing: 'pending',
            message: `From ${version.effective} (version ${version.version}, pending): ${f.message}`,
            fingerprint: fingerprintOf({ ruleId: f.ruleId, location: f.location, key: `pending:${version.version}:${f.fingerprint}`, message: f.message }),
          });
        });
      }
    }
  }

  applySuppressions(findings, scan.suppressions, scan.stores, { at, noInline: opts.noInlineSuppressions ?? [] });

  for (const rule of rules.filter((r) => r.meta.phase === 'post')) {
    runRule(rule, { ...baseContext, judged: inForce, timing: 'in-force', findings }, (f) => findings.push(f));
  }

  if (opts.sharedPolicyAt) attributeToReference(findings, root, policyAbs, opts.sharedPolicyAt);
  findings.sort(compareFindings);
  disambiguate(findings);
  return {
    root, at, policy, inForce, pending, base, findings, stores: scan.stores, implementations: scan.implementations,
    files: scan.files, ...(scan.testFilesLeftOut ? { testFilesLeftOut: scan.testFilesLeftOut } : {}), rules, durationMs: performance.now() - started,
  };
}

/**
 * A finding in a shared policy's own files (a promise this repository owns, say) points at the
 * repository's line that names the policy, and quotes where in the policy it comes from; its
 * fingerprint no longer depends on where the cache happens to be.
 */
function attributeToReference(findings: Finding[], root: string, policyAbs: string, at: NonNullable<CheckOptions['sharedPolicyAt']>): void {
  for (const f of findings) {
    const abs = path.resolve(root, f.location.file);
    const rel = toPosix(path.relative(root, abs));
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) continue;
    const inPolicy = toPosix(path.relative(policyAbs, abs));
    const where = inPolicy.startsWith('..') ? path.basename(abs) : inPolicy;
    f.fingerprint = fingerprintOf({ ruleId: f.ruleId, location: at.location, message: f.message, key: `${f.category ?? ''}|${f.timing ?? ''}|${f.policyVersion ?? ''}|${where}|${f.message}` });
    f.message = `${f.message} (shared policy ${at.reference}: ${where}:${f.location.line})`;
    f.location = { ...at.location };
  }
}

function toFinding(rule: Rule, severity: Severity, input: FindingInput, ctx: Omit<RuleContext, 'report'>): Finding {
  const { key, help, severity: _own, ...rest } = input;
  return {
    ...rest,
    severity,
    help: help ?? rule.meta.docs.help,
    policyVersion: input.policyVersion ?? ctx.judged?.version,
    timing: ctx.timing,
    fingerprint: fingerprintOf({ ruleId: input.ruleId, location: input.location, storeId: input.storeId, key, message: input.message }),
  };
}

interface Scan {
  files: string[];
  testFilesLeftOut?: number;
  stores: Store[];
  implementations: Implementation[];
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
  references: CategoryReference[];
}

function emptyScan(): Scan {
  return { files: [], stores: [], implementations: [], suppressions: [], diagnostics: [], references: [] };
}

async function scanRepository(root: string, policyRel: string, opts: CheckOptions, log: (m: string) => void): Promise<Scan> {
  const discovery = await discoverFiles({ root, paths: opts.paths, excludeDirs: policyRel.startsWith('..') ? [] : [policyRel], accept: opts.accept, includeTests: opts.includeTests });
  log(`policyproof: ${discovery.files.length} files, ${discovery.testFilesLeftOut} test files left out`);
  const diagnostics = [...discovery.diagnostics];
  const readNotes = new Map<string, Diagnostic>();
  const tagged = new Set<string>();
  const { sourceLoaders } = await import('../sources/index.js');
  const sources = await Promise.all(sourceLoaders.map((load) => load()));
  // What later sources watch for, tested on each text once, when it is first read: a file another
  // source read is not read again by them unless it matched (on TypeORM, 3,583 scripts read twice).
  const watched = new Map<RegExp, Set<string>>();
  for (const s of sources) if (s.watch) watched.set(s.watch, new Set());
  const readAsText = new Set<string>();
  const ctx = {
    root,
    files: discovery.files,
    async read(file: string) {
      const r = await readTextFile(root, file);
      if (r.diagnostic) readNotes.set(`${r.diagnostic.code}:${file}`, r.diagnostic);
      if (r.text !== undefined) {
        if (POLICY_TAG.test(r.text)) tagged.add(file);
        if (watched.size > 0 && !readAsText.has(file)) {
          readAsText.add(file);
          for (const [pattern, matched] of watched) if (pattern.test(r.text)) matched.add(file);
        }
      }
      return r.text ?? r.diagnostic;
    },
    seen(file: string, pattern: RegExp) {
      const matched = watched.get(pattern);
      return matched && readAsText.has(file) ? matched.has(file) : undefined;
    },
    extraResources: opts.extraResources,
    databaseUrl: opts.databaseUrl,
    sqlDialects: opts.sqlDialects,
    sqlPrimaryDialect: opts.sqlPrimaryDialect,
    terraformRegions: opts.terraformRegions,
    log,
  };
  const results: SourceResult[] = [];
  for (const source of sources) {
    const t = performance.now();
    results.push(await source.scan(ctx));
    log(`policyproof: ${source.kind} in ${Math.round(performance.now() - t)} ms`);
  }
  if (opts.databaseUrl) {
    const { scanDatabase } = await import('../sources/postgres/index.js');
    results.push(await scanDatabase(opts.databaseUrl));
  }
  diagnostics.push(...readNotes.values());
  for (const r of results) diagnostics.push(...r.diagnostics);
  diagnostics.push(...includeNotes(discovery.files, opts.include));
  // What could not be read where the repository says it holds policy data is a gap in the proof.
  for (const r of results) {
    for (const s of r.stores) if (s.categories?.length) tagged.add(s.location.file);
    for (const ref of r.references) tagged.add(ref.location.file);
  }
  for (const d of diagnostics) if (tagged.has(d.location.file)) d.tagged = true;
  return {
    files: discovery.files,
    testFilesLeftOut: discovery.testFilesLeftOut,
    stores: mergeStores(results.flatMap((r) => r.stores)),
    implementations: results.flatMap((r) => r.implementations),
    suppressions: results.flatMap((r) => r.suppressions),
    diagnostics: uniqueDiagnostics(diagnostics),
    references: results.flatMap((r) => r.references),
  };
}

/** A policy tag, typed in any case, or the Kubernetes category annotation. */
const POLICY_TAG = /@(?:category|retention|implements)\b|policyproof\.dev\/category/i;

/**
 * An `include` pattern of policyproof.yaml that matches no scanned file is a warning: the files it
 * meant are not checked. `\` in a glob escapes the next character; folders are joined with `/`.
 */
function includeNotes(files: string[], include: CheckOptions['include']): Diagnostic[] {
  if (!include?.patterns.length) return [];
  const out: Diagnostic[] = [];
  for (const pattern of include.patterns) {
    const matches = picomatch(pattern, { dot: true });
    if (files.some((f) => matches(f))) continue;
    const slash = pattern.includes('\\') ? '; "\\" in a pattern escapes the next character — separate folders with "/"' : '';
    out.push({ code: 'configuration', message: `include: "${pattern}" matches no file, so nothing it names is checked${slash}`, location: include.location });
  }
  return out;
}

function uniqueDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const seen = new Map<string, Diagnostic>();
  for (const d of list) seen.set(`${d.code}\u0000${d.location.file}\u0000${d.location.line}\u0000${d.message}`, d);
  return [...seen.values()];
}

async function dataTypesFor(policy: Policy, extra: DataTypeDefinition[] = []): Promise<DataTypeDefinition[]> {
  const { loadBuiltinDataTypes } = await import('../classify/index.js');
  const byId = new Map<string, DataTypeDefinition>();
  for (const t of [...loadBuiltinDataTypes(), ...(policy.identity.dataTypes ?? []), ...extra]) byId.set(t.id, t);
  return [...byId.values()];
}

async function classifyStores(stores: Store[], types: DataTypeDefinition[]): Promise<void> {
  const { explainColumn } = await import('../classify/index.js');
  const byId = new Map(stores.map((s) => [s.id, s]));
  for (const s of stores) {
    if (s.identifier === undefined && s.sqlType === undefined) continue;
    // the table, entity or type that holds the column: its words give the context (users.name, messages.body)
    const parent = s.parent ? byId.get(s.parent) : undefined;
    // a model class of Python, Ruby, PHP, Java… is read by its own name: Django's derived table
    // (site_sitesettings) has lost the words of its class (SiteSettings)
    const table = parent ? (parent.source === 'code' ? parent.name : (parent.details?.table ?? parent.name)) : undefined;
    const { hits, ruledOut } = explainColumn({ ...(table ? { table } : {}), identifier: s.identifier ?? '', declaredType: s.sqlType }, types);
    s.dataTypes = hits;
    if (ruledOut.length) s.details = { ...s.details, 'not personal data': ruledOut.join('; ') };
  }
}

/**
 * The stores of a repository with no policy yet, classified with the built-in data types: what
 * `policyproof init` groups into proposed categories.
 */
export async function scanStores(root: string, log: (m: string) => void = () => {}): Promise<Store[]> {
  const scan = await scanRepository(path.resolve(root), 'policy', { root, policyDir: 'policy' }, log);
  const { loadBuiltinDataTypes } = await import('../classify/index.js');
  await classifyStores(scan.stores, loadBuiltinDataTypes());
  return scan.stores;
}
