/**
 * policyproof command line. Kept light: only node: built-ins load before a command is chosen,
 * so `policyproof --version` starts fast; each command is imported when it runs.
 */
import { readFileSync } from 'node:fs';

export const HELP = `policyproof — keeps a privacy policy as code and proves the repository keeps it

Usage:
  policyproof init                a new policy, config and workflow for this repository (never overwrites)
  policyproof check [PATH…]       the repository (default .) against the policy in force
  policyproof policy validate     the lifecycle rules of the policy only
  policyproof policy timeline     versions, in force, pending, notice dates
  policyproof policy new          next version: a copy of the latest, published today, effective today+notice
  policyproof policy diff [A] [B] what changed between two versions (default: the last two)
  policyproof translations status | accept
  policyproof inventory           data map of every store (--format markdown|json|csv)
  policyproof publish --out DIR   the policy site
  policyproof rules               every rule with its documentation
  policyproof config              the effective configuration
  policyproof help COMMAND        the options of one command (or: policyproof COMMAND --help)

Options of check:
  --policy DIR            policy folder (default ./policy)
  --at DATE               judge against the version in force on DATE (default today)
  --base REF              git ref to compare the policy with (immutability, backdating)
  --changed-only          analyse everything, report only what the change since --base touches
  --database-url URL      also introspect a live PostgreSQL (read-only)
  --format F[=FILE]       stylish | json | sarif | markdown | github (repeatable)
  --fail-on LEVEL         error | warning | note (default error)
  --config FILE           configuration (default policyproof.yaml if present)
  --baseline FILE         report only findings not in the baseline
  --write-baseline FILE   record today's findings as the baseline
  --report-unused-suppressions
  --debug                 stack traces for internal errors

Exit codes: 0 nothing at or above --fail-on; 1 findings; 2 usage, configuration or policy error.
`;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (!command) {
    // No command is a usage error: the help goes to stderr, so stdout stays empty for scripts.
    process.stderr.write(HELP);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    const topic = rest[0];
    if (command === 'help' && topic) {
      const { COMMAND_HELP } = await import('./commands/help.js');
      if (COMMAND_HELP[topic]) {
        process.stdout.write(COMMAND_HELP[topic]);
        return 0;
      }
      process.stderr.write(`policyproof: help: no command "${topic}" (commands: ${Object.keys(COMMAND_HELP).join(', ')})\n`);
      return 2;
    }
    process.stdout.write(HELP);
    return 0;
  }
  const debug = rest.includes('--debug');
  if (debug) process.env.POLICYPROOF_DEBUG = '1';
  try {
    const { runCommand } = await import('./commands/index.js');
    return await runCommand(command, rest.filter((a) => a !== '--debug'));
  } catch (e) {
    if (wantsJson(rest)) process.stdout.write(errorJson(e));
    return reportError(e, debug);
  }
}

/** `--format json` (or json=FILE counts not: that file holds findings): scripts read the error from stdout. */
function wantsJson(args: string[]): boolean {
  return args.some((a, i) => a === '--format=json' || (a === '--format' && args[i + 1] === 'json'));
}

/** The error of an exit 2 as JSON: `{error: {message, file, line, column, problems}}`. */
export function errorJson(e: unknown): string {
  const err = e as Error & { location?: { file: string; line: number; column: number }; reason?: string; problems?: Array<{ reason: string; location: { file: string; line: number; column: number } }> };
  const problems =
    err?.problems?.map((p) => ({ message: p.reason, file: p.location.file, line: p.location.line, column: p.location.column })) ??
    (err?.location ? [{ message: err.reason ?? err.message, file: err.location.file, line: err.location.line, column: err.location.column }] : undefined);
  const error = {
    kind: err?.constructor?.name ?? 'Error',
    message: err?.problems ? `${err.problems.length} problems` : (err?.reason ?? err?.message ?? String(e)),
    file: err?.location?.file ?? null,
    line: err?.location?.line ?? null,
    column: err?.location?.column ?? null,
    ...(problems ? { problems } : {}),
  };
  return `${JSON.stringify({ error }, null, 2)}\n`;
}

/** Expected failures (usage, configuration, policy, database) are one line and exit 2. */
export function reportError(e: unknown, debug: boolean): number {
  const err = e as Error & { location?: { file: string; line: number; column: number }; code?: string };
  const known = ['UsageError', 'ConfigError', 'PolicyError', 'PolicyErrors', 'DatabaseError', 'PublishError', 'BaselineError', 'PolicySourceError', 'SourceUnreadableError'];
  const isKnown = known.includes(err?.constructor?.name ?? '') || err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || err?.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL';
  if (debug) process.stderr.write(`${err?.stack ?? String(e)}\n`);
  else {
    const where = err?.location && !String(err.message).startsWith(err.location.file) ? `${err.location.file}:${err.location.line}:${err.location.column}: ` : '';
    process.stderr.write(`policyproof: ${where}${err?.message ?? String(e)}${isKnown ? '' : ' (run with --debug for details)'}\n`);
  }
  return 2;
}

