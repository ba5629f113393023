/**
 * The shared vocabulary of policyproof. Data flows one way:
 *   policy/ --load--> Policy;  files --sources--> SourceResult (Stores …);
 *   Policy + Stores --rules--> Findings --reporters--> outputs.
 * Every room imports its types from here and nothing else from another room's internals.
 */

/** A repository-relative position (POSIX separators). line and column are 1-based. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** An exact ISO 8601 duration. `text` keeps the author's wording (PT72H stays PT72H); `seconds` compares. */
export interface Duration {
  text: string;
  seconds: number;
}

export type Severity = 'error' | 'warning' | 'note';
/** A BCP 47 language tag (sv, en, da, de-AT), declared in policy.yaml `languages`. */
export type Lang = string;
/** A text in each language it is written in, keyed by language tag. */
export interface LocalizedText {
  [lang: string]: string | undefined;
}

/**
 * The promise of the policy a finding protects: the sentence in each language the policy is written
 * in (authoritative first), and where it stands.
 */
export interface FindingPromise {
  text: LocalizedText;
  location?: Location;
}

// ───────────────────────────── Policy ─────────────────────────────

/** Finds the YAML node of a path inside one policy file, for file:line:column in findings. */
export type Locate = (path: ReadonlyArray<string | number>) => Location;

export interface Retention {
  min?: Duration;
  max?: Duration;
  default?: Duration;
  configurable?: boolean;
  /** e.g. `completion`: data is deleted when the work it serves completes (bounded by `max`). */
  until?: string;
  basis?: string;
  source?: string;
}

export type Promise_ = 'delete' | 'configure' | 'disable';

export interface Category {
  holds: string[];
  forbids: string[];
  retention?: Retention;
  promises: Promise_[];
}

export interface Section {
  id: string;
  heading?: LocalizedText;
  text: LocalizedText;
  category?: Category;
  storage?: { jurisdiction: string };
  /** The notice this version promises for later versions. */
  notice?: Duration;
  /** Index of the section inside `sections`, for locate(['sections', index, …]). */
  index: number;
}

export interface PolicyVersion {
  /** = file name = effective date, YYYY-MM-DD */
  version: string;
  published: string;
  effective: string;
  summary?: LocalizedText;
  sections: Section[];
  /** repository-relative path of the version file */
  file: string;
  locate: Locate;
  /** raw bytes of the file, for immutability checks and diffs */
  raw: string;
}

export interface DataTypeDefinition {
  id: string;
  name: LocalizedText;
  /** word sequences (already lower-cased) that name this type, e.g. ["phone","number"], ["msisdn"] */
  patterns: string[][];
  /** word sequences that, when present, mean the identifier is NOT this type (phone_model) */
  exclusions: string[][];
  sqlTypes: string[];
  /** personal data by default (card-number is; order-id would not be) */
  personal: boolean;
  /**
   * word sequences that name this type only in a table of the given context (`settings.contexts` of
   * rules/data-types.yaml): a bare `name` in a table of people, a bare `body` in a table of messages
   */
  inContext?: Record<string, string[][]>;
  /** as inContext, but never counting when no table is known (a bare `name` on its own is no person's) */
  onlyInContext?: Record<string, string[][]>;
  /** patterns that count only as the whole name, in any table (a bare `twitter` column; never twitter_card) */
  wholeName?: string[][];
  /** declared types that may hold this type although they hold no other (a birth date is a `date`) */
  allowSqlTypes?: string[];
  /** declared types that never hold this type whatever the name says (a 32-bit integer holds no phone number with its country code) */
  notSqlTypes?: string[];
  /** contexts whose tables never hold this type (an organisation's own email address) */
  notInContext?: string[];
  /** patterns that do not count in tables of a context (a repository's or an organisation's full name is its own) */
  exceptInContext?: Record<string, string[][]>;
}

export interface PolicyIdentity {
  id: string;
  organization: string;
  title: LocalizedText;
  languages: { authoritative: Lang; translations: Lang[] };
  pages?: LocalizedText;
  timezone: string;
  dataTypes?: DataTypeDefinition[];
  file: string;
  locate: Locate;
}

export interface TranslationPair {
  /** the version the pair was confirmed in, and its key (sections.<id>.text …): labels, not identity */
  version?: string;
  key?: string;
  /** the authoritative language and the translation the pair confirms */
  from: Lang;
  to: Lang;
  /** sha256 (hex) of the authoritative text and of its translation */
  source: string;
  target: string;
}

export interface Policy {
  /** repository-relative (or as given) directory of the policy */
  dir: string;
  identity: PolicyIdentity;
  /** sorted by effective date */
  versions: PolicyVersion[];
  /** confirmed pairs from translations.lock */
  translations: TranslationPair[];
  translationsFile: string;
}

// ───────────────────────────── Stores ─────────────────────────────

export type SourceKind = 'sql' | 'prisma' | 'postgres' | 'terraform' | 'kubernetes' | 'config' | 'typescript' | 'code';

/** How a store came to belong to a category. */
export interface CategoryClaim {
  id: string;
  via: 'annotation' | 'tag' | 'label' | 'comment' | 'inherited';
  location: Location;
}

/** A classifier hit: filled in by the engine from `Store.identifier` / `Store.sqlType`, not by sources. */
export interface DataTypeHit {
  type: string;
  via: 'name' | 'sql-type';
  /** the words of the identifier that matched */
  matched: string[];
  /** why, in words, for the inventory: `name "first name"`, `bare "name" in a table of people (users)` */
  reason?: string;
}

/**
 * What a source found about how long a store keeps data.
 * - known:   a duration (`duration`), from `via`
 * - forever: the configuration keeps data with no end (CloudWatch retention 0, no lifecycle rule, …)
 * - unknown: evidence exists but its value cannot be resolved; `reason` says why
 */
export interface RetentionEvidence {
  status: 'known' | 'forever' | 'unknown';
  duration?: Duration;
  /** which policy bound this evidence speaks to: max (data deleted after), min (kept at least), default */
  bound: 'max' | 'min' | 'default';
  reason?: string;
  /** human description of the mechanism: "pg_cron job 'purge-traffic'", "aws_cloudwatch_log_group.retention_in_days" */
  via: string;
  location: Location;
  /** for a `@retention <category>` constant: the category this bound belongs to */
  category?: string;
}

export interface JurisdictionEvidence {
  /** the region/location as written (eu-north-1, europe-west1, EU, westeurope, fsn1) */
  region?: string;
  /** cloud provider: aws | gcp | azure | hetzner | … */
  provider?: string;
  /** 'known' when region resolved, 'unknown' when it could not be resolved (reason says why) */
  status: 'known' | 'unknown';
  reason?: string;
  location: Location;
}

export interface Suppression {
  rule: string;
  reason?: string;
  /** YYYY-MM-DD */
  until?: string;
  location: Location;
  /** the store the suppression is attached to, when any */
  storeId?: string;
}

export interface Store {
  /** stable key, independent of line numbers: "sql:table:public.messages", "terraform:aws_cloudwatch_log_group.debug" */
  id: string;
  /** table | column | log-group | bucket | queue | topic | index | log-file | cache | constant | type | property | … */
  kind: string;
  /** display name: "public.messages.from_number", "aws_cloudwatch_log_group.debug" */
  name: string;
  source: SourceKind;
  location: Location;
  /** id of the enclosing store (a column's table, a property's type) */
  parent?: string;
  /** the identifier the classifier reads (column name, property name, log group name) */
  identifier?: string;
  /** SQL (or Prisma) type, lower-cased, for the classifier: "inet", "varchar(20)" */
  sqlType?: string;
  categories: CategoryClaim[];
  /** filled by the engine's classifier; sources leave it empty */
  dataTypes: DataTypeHit[];
  retention: RetentionEvidence[];
  /**
   * Whether this store is expected to carry retention evidence of its own. Columns inherit their
   * table's retention (false); tables, log groups, buckets, queues… are retention-bearing (true).
   */
  retentionBearing: boolean;
  jurisdiction?: JurisdictionEvidence;
  /** free-form facts shown in the inventory (resource type, region, partition parent …) */
  details?: Record<string, string>;
}

/** `@implements <category>.<promise>` on a function or method. */
export interface Implementation {
  category: string;
  promise: string;
  symbol: string;
  location: Location;
  /** the function the tag names when it tags a reference to one (`handler: deleteHistory`, a re-export), followed through imports */
  target?: { symbol: string; location: Location };
}

/** Something a source could not read: a parse error, an unresolvable reference, a skipped file. */
export interface Diagnostic {
  /** parse-error | unreadable-file | skipped-file | unresolved | annotation-error | annotation-hint | invalid-bytes | skipped-path | configuration */
  code: string;
  message: string;
  location: Location;
  /** the file holds policy tags, or a category annotation points at it (set by the engine, or by a source that follows the annotation) */
  tagged?: boolean;
}

/** A `@category`/`@retention` reference written in the code, checked against the policy by a rule. */
export interface CategoryReference {
  id: string;
  tag: 'category' | 'retention' | 'implements';
  location: Location;
}

export interface SourceResult {
  stores: Store[];
  implementations: Implementation[];
  suppressions: Suppression[];
  diagnostics: Diagnostic[];
  references: CategoryReference[];
}

/** What every source adapter receives. Files are already discovered, filtered and sorted. */
export interface SourceContext {
  /** absolute root of the scanned repository */
  root: string;
  /** repository-relative POSIX paths of every candidate file (gitignore and config excludes applied) */
  files: string[];
  /** reads a file as UTF-8 text, or returns a Diagnostic when it is binary, too large or unreadable */
  read(file: string): Promise<string | Diagnostic>;
  /** extra resource mappings from the user's configuration (rules/resources format) */
  extraResources?: unknown[];
  /** live database for the postgres source */
  databaseUrl?: string;
  /** policyproof.yaml `sql-dialects`: glob → SQL dialect of the files it matches */
  sqlDialects?: Record<string, string>;
  /** policyproof.yaml `sql-primary-dialect`: where a store kept in several dialects' migrations is reported */
  sqlPrimaryDialect?: string;
  /** policyproof.yaml `terraform-regions`: provider → the region a deployment uses when Terraform states none */
  terraformRegions?: Record<string, string>;
  log(message: string): void;
  /**
   * For a source that declared `watch`: whether the text of `file`, read earlier in this scan by
   * another source, matched `pattern` (undefined: not read yet, or not as text). A file whose answer
   * is false need not be read again.
   */
  seen?(file: string, pattern: RegExp): boolean | undefined;
}

export interface Source {
  kind: SourceKind;
  scan(ctx: SourceContext): Promise<SourceResult>;
  /** a pattern every text read before this source's scan is tested against, for `ctx.seen` */
  watch?: RegExp;
}

// ───────────────────────────── Findings ─────────────────────────────

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
  /** policy category id the finding concerns */
  category?: string;
  /** the policy version the finding was judged against */
  policyVersion?: string;
  /** how to fix */
  help: string;
  /** the store the finding concerns (stable id, for baselines and fingerprints) */
  storeId?: string;
  /** the promise from the policy that this finding protects */
  promise?: FindingPromise;
  /** stable across line moves: hash of rule + file + store/logical key */
  fingerprint: string;
  suppressed?: { kind: 'inSource' | 'external'; justification: string; location?: Location };
  /** 'pending' when reported against a pending (not yet effective) version */
  timing?: 'in-force' | 'pending';
}

/** What a rule reports; the engine adds severity (from config), fingerprint and suppression. */
export type FindingInput = Omit<Finding, 'severity' | 'fingerprint' | 'suppressed' | 'help'> & {
  help?: string;
  /** this finding's severity when the rule's cases differ (a severity set in the configuration wins) */
  severity?: Severity;
  /** a logical key that identifies the finding without lines (defaults to storeId or message) */
  key?: string;
};

export interface RuleMeta {
  id: string;
  /** lifecycle: checks the policy itself; repository: checks stores against the policy */
  type: 'lifecycle' | 'repository';
  defaultSeverity: Severity;
  /** 'post' rules run once, after the others, and see their findings (suppression bookkeeping) */
  phase?: 'post';
  docs: {
    description: string;
    /** what it protects, in a sentence */
    rationale: string;
    help: string;
  };
}

/** Engine settings some rules read (from flags and policyproof.yaml). */
export interface RuleOptions {
  reportUnusedSuppressions: boolean;
  /** rules an inline suppression may not silence */
  noInlineSuppressions: string[];
  /** every rule id known to this run (to check suppressions name real rules) */
  ruleIds: string[];
  /** categories whose promises this repository owns (policyproof.yaml `owns`); undefined: all */
  ownedPromises?: string[];
}

export interface RuleContext {
  policy: Policy;
  /** YYYY-MM-DD the check is judged at */
  at: string;
  /** the version in force at `at` (undefined when none has taken effect yet) */
  inForce?: PolicyVersion;
  /** versions whose effective date is after `at` */
  pending: PolicyVersion[];
  /**
   * The version the repository is judged against in this pass: the one in force, or (timing
   * 'pending') a pending one, to report what will break on its effective date.
   */
  judged?: PolicyVersion;
  timing: 'in-force' | 'pending';
  /** the policy as it was at --base, when given */
  base?: Policy;
  stores: Store[];
  implementations: Implementation[];
  references: CategoryReference[];
  diagnostics: Diagnostic[];
  /** all data types: built-in vocabulary + policy.yaml extensions */
  dataTypes: DataTypeDefinition[];
  suppressions: Suppression[];
  /** for rules of phase 'post': the findings of the other rules, suppressions applied */
  findings?: Finding[];
  options: RuleOptions;
  report(finding: FindingInput): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
