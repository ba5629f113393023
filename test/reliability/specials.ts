/**
 * Cases that belong to one format: deep nesting refused per document or block, YAML merge keys,
 * non-finite numbers, an include that matches nothing. Each writes its repository and judges the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_POLICY } from './kinds.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut?: boolean;
}
/** A finding as `--format json` prints it. */
export interface Finding {
  ruleId: string;
  severity: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
export type Verdict = { outcome: 'handled' | 'reported' | 'failed'; detail: string };

export interface Special {
  name: string;
  case: string;
  /** writes the repository; returns the arguments of `check` (default: [dir, --policy <repo policy>]) */
  setup(dir: string): string[] | void;
  judge(run: Run, findings: Finding[] | undefined): Verdict;
}

function put(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

const show = (fs: Finding[] | undefined) => (fs ?? []).map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.message.slice(0, 160)}`).join(' | ');

/** The violation at file:line is found, and a source-error note at file:noteLine says `reason`. */
function foundAndNoted(rule: string, file: string, line: number, noteLine: number, reason: RegExp) {
  return (run: Run, findings: Finding[] | undefined): Verdict => {
    if (!findings) return { outcome: 'failed', detail: `exit ${run.code}: ${run.stderr.slice(0, 400)}` };
    const found = findings.some((f) => f.ruleId === rule && f.file === file && f.line === line);
    const note = findings.find((f) => f.ruleId === 'source-error' && f.file === file && f.line === noteLine && reason.test(f.message));
    if (found && note) return { outcome: 'handled', detail: `found, and noted: ${note.message}` };
    return { outcome: 'failed', detail: `found=${found} note=${Boolean(note)}: ${show(findings)}` };
  };
}

const deep = (open: string, close: string, n: number) => open.repeat(n) + close.repeat(n);

const TOPIC = (name: string, retention: string) => `apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: ${name}
spec:
  config:
    retention.ms: ${retention}
`;

export const SPECIALS: Special[] = [
  {
    name: 'kubernetes',
    case: '10,000-deep flow nesting in one YAML document loses only that document',
    setup: (dir) => put(dir, { 'k8s/topics.yaml': `# @category debug-data\n${TOPIC('debug', '2592000000')}---\n${TOPIC('deep', '1000')}    extra: ${deep('[', ']', 10_000)}\n` }),
    judge: foundAndNoted('retention-exceeds-max', 'k8s/topics.yaml', 8, 17, /nested more than \d+ levels/),
  },
  {
    name: 'kubernetes',
    case: 'YAML merge keys (<<: *defaults) resolve',
    setup: (dir) =>
      put(dir, {
        'k8s/topics.yaml': `# @category debug-data
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: debug
spec:
  config:
    <<: &defaults
      retention.ms: 2592000000
    cleanup.policy: delete
`,
      }),
    judge: (run, findings) => {
      const f = findings?.find((x) => x.ruleId === 'retention-exceeds-max' && x.file === 'k8s/topics.yaml');
      return f && /30 days/.test(f.message) ? { outcome: 'handled', detail: f.message.slice(0, 120) } : { outcome: 'failed', detail: show(findings) || run.stderr };
    },
  },
  {
    name: 'kubernetes',
    case: 'retention.ms: 1e309 is an invalid value with a message',
    setup: (dir) => put(dir, { 'k8s/topics.yaml': `# @category debug-data\n${TOPIC('debug', '1e309')}` }),
    judge: (run, findings) => {
      const bad = findings?.find((f) => f.file === 'k8s/topics.yaml' && /1e309/.test(f.message) && /not a finite number/.test(f.message));
      const infinite = findings?.find((f) => /Infinity/.test(f.message));
      if (bad && !infinite) return { outcome: 'reported', detail: `${bad.ruleId} ${bad.file}:${bad.line}: ${bad.message}` };
      return { outcome: 'failed', detail: show(findings) || run.stderr };
    },
  },
  {
    name: 'prisma',
    case: '10,000-deep nesting in one Prisma block loses only that block',
    setup: (dir) =>
      put(dir, {
        'prisma/schema.prisma': `/// @category statistics
model DailyStats {
  id                Int    @id
  senderPhoneNumber String
}

model Broken {
  id Int @id @default(${deep('(', ')', 10_000)})
}
`,
      }),
    judge: foundAndNoted('forbidden-data-type', 'prisma/schema.prisma', 4, 7, /nested more than \d+ levels/),
  },
  {
    name: 'terraform',
    case: '10,000-deep nesting in one HCL block loses only that block',
    setup: (dir) =>
      put(dir, {
        'main.tf': `# @category debug-data
resource "aws_cloudwatch_log_group" "reports" {
  name = "reports"
}

locals {
  x = ${deep('[', ']', 10_000)}
}
`,
      }),
    judge: foundAndNoted('retention-forever', 'main.tf', 2, 6, /nested more than \d+ levels/),
  },
  {
    name: 'terraform',
    case: 'a .tf.json "//" comment key carries the annotation',
    setup: (dir) =>
      put(dir, {
        'main.tf.json': `{
  "resource": {
    "aws_cloudwatch_log_group": {
      "reports": {
        "//": "Delivery reports. @category debug-data",
        "name": "reports"
      }
    }
  }
}
`,
      }),
    judge: (run, findings) => {
      const f = findings?.find((x) => x.ruleId === 'retention-forever' && x.file === 'main.tf.json');
      return f ? { outcome: 'handled', detail: f.message.slice(0, 120) } : { outcome: 'failed', detail: show(findings) || run.stderr };
    },
  },
  {
    name: 'policyproof.yaml',
    case: '10,000-deep nesting is refused with file:line, no stack overflow',
    setup: (dir) => put(dir, { 'policyproof.yaml': `exclude: ${deep('[', ']', 10_000)}\n` }),
    judge: (run) => {
      const line = run.stderr.trim();
      if (run.code === 2 && /policyproof\.yaml:1:\d+: .*nested more than \d+ levels/.test(line) && !/call stack/.test(line)) return { outcome: 'reported', detail: line };
      return { outcome: 'failed', detail: `exit ${run.code}: ${line.slice(0, 300)}` };
    },
  },
  {
    name: 'policyproof.yaml',
    case: '1,400 indented levels are refused with file:line, no stack overflow',
    setup: (dir) => put(dir, { 'policyproof.yaml': `rules:\n${Array.from({ length: 1400 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}${' '.repeat(1401)}x: 1\n` }),
    judge: (run) => {
      const line = run.stderr.trim();
      if (run.code === 2 && /policyproof\.yaml:257:\d+: .*nested more than 256 levels/.test(line)) return { outcome: 'reported', detail: line };
      return { outcome: 'failed', detail: `exit ${run.code}: ${line.slice(0, 300)}` };
    },
  },
  {
    name: 'policyproof.yaml',
    case: 'merge keys resolve',
    setup: (dir) =>
      put(dir, {
        'policyproof.yaml': 'exclude: &skip\n  - legacy/**\nrules:\n  <<: {forbidden-data-type: warning}\n',
        'db/V1__stats.sql': `-- @category statistics\nCREATE TABLE daily_stats (id bigint, sender_phone_number text);\n`,
      }),
    judge: (run, findings) => {
      const f = findings?.find((x) => x.ruleId === 'forbidden-data-type');
      return f?.severity === 'warning' ? { outcome: 'handled', detail: 'severity from the merged mapping' } : { outcome: 'failed', detail: `exit ${run.code} ${run.stderr.slice(0, 300)} ${show(findings)}` };
    },
  },
  {
    name: 'policyproof.yaml',
    case: 'an include that matches nothing is a warning',
    setup: (dir) => {
      put(dir, { 'policyproof.yaml': 'include:\n  - migrations\\*.sql\n', 'db/V1__stats.sql': '-- @category statistics\nCREATE TABLE s (id bigint, sender_phone_number text);\n' });
      return ['.', '--policy', REPO_POLICY];
    },
    judge: (run, findings) => {
      const w = findings?.find((f) => f.severity === 'warning' && /include/.test(f.message) && /matches no file/.test(f.message) && /\\/.test(f.message));
      return w ? { outcome: 'reported', detail: `${w.file}:${w.line}: ${w.message}` } : { outcome: 'failed', detail: `exit ${run.code} ${run.stderr.slice(0, 300)} ${show(findings)}` };
    },
  },
  {
    name: 'sql',
    case: 'a source-error in a file that holds policy tags is an error',
    setup: (dir) => put(dir, { 'db/V1__broken.sql': '-- @category statistics\nCREATE TABLE s (id bigint, sender_phone_number text;\n' }),
    judge: (run, findings) => {
      const e = findings?.find((f) => f.ruleId === 'source-error' && f.file === 'db/V1__broken.sql');
      return e?.severity === 'error' && run.code === 1 ? { outcome: 'reported', detail: `${e.severity}: ${e.message}` } : { outcome: 'failed', detail: `exit ${run.code} ${show(findings)}` };
    },
  },
];
