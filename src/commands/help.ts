/**
 * `policyproof <command> --help`: each command's usage, flags and exit codes. Plain strings (no
 * imports) so help prints without loading the engine.
 */

const EXIT = 'Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, configuration or policy error.';
const POLICY_FLAGS = `  --policy DIR            policy folder (default ./policy, or policy: in policyproof.yaml)
  --config FILE           configuration (default policyproof.yaml if present)`;

const CHECK = `Usage: policyproof check [PATH…] [options]

Checks the repository (default .) against the policy version in force, and the policy's own
lifecycle rules. PATHs inside the current folder are parts of the repository here; a single
folder outside it (policyproof check ../billing) is checked as its own repository, with its own
policy/ and policyproof.yaml. Results go to stdout, progress and errors to stderr.

Options:
${POLICY_FLAGS}
  --at DATE               judge against the version in force on DATE, YYYY-MM-DD (default today)
  --base REF              git ref to compare the policy with (immutability, backdating)
  --changed-only          analyse everything, report only what the change since --base touches
  --database-url URL      also introspect a live PostgreSQL (read-only; postgres://user@host:port/db)
  --format F[=FILE]       stylish | json | sarif | markdown | github (repeatable; one may go to
                          stdout, the others need =FILE, e.g. --format sarif=out.sarif)
  --fail-on LEVEL         error | warning | note (default error)
  --baseline FILE         report only findings not in the baseline
  --write-baseline FILE   record today's findings as the baseline
  --report-unused-suppressions
                          report @policy-ignore comments that suppress nothing
  --include-tests         also read test code (test/, tests/, __tests__/, e2e/, fixtures/,
                          testdata/, stubs/, *.test.*, *.spec.*), left out by default
  --offline               a shared policy (--policy git+…#TAG | github:OWNER/REPO@TAG |
                          npm:NAME@RANGE) from the cache only, as pinned in policyproof.lock
  --verbose               stylish: quote the policy's promise under each finding; on stderr,
                          what a source left unread on purpose (an ALTER of a table no
                          migration creates)
  --debug                 stack traces for internal errors
  -h, --help              this help

${EXIT}
`;

const POLICY = `Usage: policyproof policy <validate | timeline | new | diff | outdated> [options]

  validate      the lifecycle rules only: notice, immutability, backdating, order,
                translations, words vs rules (exit 1 on findings)
                  --at DATE  --base REF  --format F[=FILE]  --fail-on LEVEL  --verbose
  timeline      versions, in force, pending, notice dates
                  --at DATE  --format text|json
  new           next version: a copy of the latest, published today (or --at),
                effective today + the notice in force
                  --at DATE  --force (overwrite an existing file)
  diff [A] [B]  what changed between two versions (default: the last two; one version:
                it and the one before)
                  --format text|json
  outdated      a shared policy (git+…#TAG, github:OWNER/REPO@TAG, npm:NAME@RANGE): the
                source's newer tags or versions that policyproof.lock lacks, and the policy
                versions they add (exit 1 when there are any)
                  --format text|json

Common options:
${POLICY_FLAGS}
  -h, --help              this help

${EXIT}
`;

const TRANSLATIONS = `Usage: policyproof translations <status | accept> [options]

  status        each translation that is not confirmed: stale (the authoritative text
                changed since it was confirmed; the word diff of that change is shown),
                unconfirmed or missing (exit 1 when any is not confirmed)
                  --format text|json
  accept SECTION[.heading|.text]… | --all
                confirm the named translations after review (title and summary are
                names too), list them, and write policy/translations.lock
                  --format text|json

Common options:
${POLICY_FLAGS}
  -h, --help              this help
`;

const INVENTORY = `Usage: policyproof inventory [PATH…] [options]

The data map: every store the repository has (tables, columns, buckets, log groups, queues,
constants…), grouped by policy category, with its data types, retention and the evidence for each.

Options:
  --format FORMAT         markdown | json | csv (default markdown)
  --out FILE              write to FILE instead of stdout
${POLICY_FLAGS}
  --at DATE               the policy version in force on DATE (default today)
  --database-url URL      also introspect a live PostgreSQL (read-only)
  --repository NAME       the repository's name in the JSON (default: the folder's name)
  --offline               a shared policy from the cache only
  -h, --help              this help

Usage: policyproof inventory merge FILE|DIR… [options]

One register over many repositories' JSON inventories (a folder stands for every *.json under
it): per category every store of every repository with its retention evidence and jurisdiction;
conflicts (a category kept differently in two places); repositories with no inventory or
checked against an older policy version; promises no repository implements.

Options:
  --format FORMAT         markdown | json | csv (default markdown)
  --out FILE              write to FILE instead of stdout
  --expect FILE           the repositories that should have an inventory, one a line
`;

const PUBLISH = `Usage: policyproof publish --out DIR [options]

Writes the policy site (static HTML, no script): sv/ and en/ for the version in force, every
version, diffs, an archive, versions.json and an Atom feed. Refuses a policy that breaks its
lifecycle rules.

Options:
  --out DIR               where to write the site (required)
  --base-url URL          absolute URL of the site (for the feed and hreflang links)
  --force                 publish even when lifecycle rules fail (and say which)
  --pdf                   also print every version to PDF with Chromium (POLICYPROOF_CHROMIUM
                          or /usr/bin/chromium; needs the playwright-core package)
${POLICY_FLAGS}
  --at DATE               the date the site shows as today (default today)

The site's look is set in policyproof.yaml under publish.theme: brand-color, brand-color-dark,
logo, font-stack, stylesheet. Colours below WCAG AA contrast (4.5:1) are refused (exit 2).
  -h, --help              this help
`;

const RULES = `Usage: policyproof rules [--format text|json]

Every rule with its default severity, what it checks, why, and how to fix a finding.
Each rule's page is docs/rules/<id>.md.

Options:
  --format FORMAT         text | json (default text)
  -h, --help              this help
`;

const CONFIG = `Usage: policyproof config [options]

Prints the effective configuration: policyproof.yaml (or --config FILE) with the flags of
\`check\` applied, as YAML. A database password is never printed.

Options: the options of \`policyproof check\` (see policyproof check --help).
  -h, --help              this help
`;

const INIT = `Usage: policyproof init [options]

Writes a new policy, configuration and workflow for the repository here: policy/policy.yaml,
policy/versions/<today>.yaml, policy/translations.lock, policyproof.yaml and
.github/workflows/policyproof.yml. It never overwrites: when one exists, nothing is written
(exit 2, naming it). The repository is scanned and its tables and resources are proposed as
categories, grouped by the personal data they hold, as comments to edit; no retention is invented.

Options:
  --organization NAME     who publishes the policy (default: the folder's name)
  --language TAG          the authoritative language, a BCP 47 tag (default en)
  --translations TAGS     translations, comma-separated (e.g. en,de)
  --from DIR              start from an existing policy folder instead ("bundled": the example)
  --timezone ZONE         the IANA timezone of the policy's dates (default: this computer's)
  --at DATE               the first version's date (default today)
  --policy DIR            where the policy goes (default policy)
  -h, --help              this help

Languages with data: rules/languages/<tag>.yaml in the package (sv, en, da, nb, fi, de); another
language is exit 2 naming the file to add.

${EXIT}
`;

export const COMMAND_HELP: Record<string, string> = {
  init: INIT,
  check: CHECK,
  policy: POLICY,
  translations: TRANSLATIONS,
  inventory: INVENTORY,
  publish: PUBLISH,
  rules: RULES,
  config: CONFIG,
};

/** True when the arguments ask for help: -h or --help before a `--` terminator. */
export function wantsHelp(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}
