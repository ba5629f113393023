import type { Finding, PolicyVersion, Severity } from '../core/types.js';
import { withPromise } from '../report/quote.js';
import { daysBetween } from '../policy/timeline.js';
import type { CheckResult } from '../engine/check.js';
import { annotationCommand } from '../report/github.js';
import { workflowCommand, type AnnotationKind } from './commands.js';
import { COMMENT_MARKER } from './github.js';
import { code, escapeMarkdown, truncateMarkdown } from './markdown.js';
import { renderPreview, type PolicyPreview } from './preview.js';

/** Where a finding stands relative to the pull request. */
export interface FindingContext {
  /** the finding's file is one the PR changes */
  changedFile: boolean;
  /** the finding's line is one the PR adds or modifies */
  changedLine: boolean;
  /** not on the base (compared by fingerprint); undefined when the base could not be checked */
  introduced?: boolean;
}

export interface PullRequestView {
  number: number;
  baseSha: string;
  changedFiles: number;
  changedFrom: 'api' | 'git' | 'none';
  /** why the base comparison is missing, when it is */
  baseUnavailable?: string;
  /** base findings that no longer occur */
  fixed: Finding[];
  /** the base has no policy yet: this PR adds it, so every finding is new */
  addsPolicy?: boolean;
}

export interface ReportInput {
  result: CheckResult;
  findings: Finding[];
  context: Map<Finding, FindingContext>;
  pr?: PullRequestView;
  preview?: PolicyPreview;
  /** warnings about pending versions (scheduled runs) */
  readiness: string[];
  runUrl?: string;
  blobUrl?: (file: string, line: number) => string | undefined;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
const ANNOTATION_OF: Record<Severity, AnnotationKind> = { error: 'error', warning: 'warning', note: 'notice' };

/** GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job). */
export const ANNOTATIONS_PER_KIND = 10;

export function active(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.suppressed);
}

export function counts(findings: Finding[]): Record<Severity, number> {
  const c: Record<Severity, number> = { error: 0, warning: 0, note: 0 };
  for (const f of active(findings)) c[f.severity]++;
  return c;
}

/**
 * Annotations, the most relevant first: findings on lines the PR changed, then in files it
 * changed, then the rest; within each, by severity and then the check's own order. Each kind is
 * capped at GitHub's per-step limit, and a last notice says how many were left out.
 */
export function annotations(input: ReportInput): { lines: string[]; shown: number; omitted: number } {
  const rank = (f: Finding) => {
    const c = input.context.get(f);
    return c?.changedLine ? 0 : c?.changedFile ? 1 : 2;
  };
  const order = active(input.findings)
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
  const used: Record<AnnotationKind, number> = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  let omitted = 0;
  for (const f of order) {
    const kind = ANNOTATION_OF[f.severity];
    // one notice slot is kept for the "left out" line
    const cap = kind === 'notice' ? ANNOTATIONS_PER_KIND - 1 : ANNOTATIONS_PER_KIND;
    if (used[kind] >= cap) {
      omitted++;
      continue;
    }
    used[kind]++;
    lines.push(annotationCommand(f));
  }
  if (omitted > 0) {
    lines.push(workflowCommand('notice', `policyproof: ${omitted} more finding${omitted === 1 ? '' : 's'} not annotated (GitHub shows ${ANNOTATIONS_PER_KIND} per kind and step); all are in the job summary and the SARIF file.`, { title: 'policyproof' }));
  }
  return { lines, shown: order.length - omitted, omitted };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function countLine(findings: Finding[]): string {
  const c = counts(findings);
  const suppressed = findings.length - active(findings).length;
  return `**${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${plural(c.note, 'note')}**${suppressed ? ` (${suppressed} suppressed)` : ''}`;
}

function versionLine(result: CheckResult): string {
  const inForce = result.inForce
    ? `version **${escapeMarkdown(result.inForce.version)}** in force on ${escapeMarkdown(result.at)}`
    : `no version in force on ${escapeMarkdown(result.at)}`;
  return `Policy ${code(result.policy.identity.id)}: ${inForce}.`;
}

function pendingLines(result: CheckResult): string[] {
  return result.pending.map(
    (v: PolicyVersion) =>
      `- Pending: version **${escapeMarkdown(v.version)}**, published ${escapeMarkdown(v.published)}, takes effect ${escapeMarkdown(v.effective)} (in ${plural(daysBetween(result.at, v.effective), 'day')}).`,
  );
}

const MESSAGE_LIMIT = 600;

function row(f: Finding, ctx: FindingContext | undefined, input: ReportInput, withPr: boolean): string {
  const full = withPromise(f);
  const msg = full.length > MESSAGE_LIMIT ? `${full.slice(0, MESSAGE_LIMIT - 1)}…` : full;
  const where = code(`${f.location.file}:${f.location.line}`);
  const url = input.blobUrl?.(f.location.file, f.location.line);
  const location = url ? `[${where}](${url})` : where;
  const cells = [f.severity, code(f.ruleId), location, escapeMarkdown(msg)];
  if (withPr) cells.push(ctx?.changedLine ? 'changed line' : ctx?.changedFile ? 'changed file' : '');
  return `| ${cells.join(' | ')} |`;
}

function table(findings: Finding[], input: ReportInput, withPr: boolean): string[] {
  if (findings.length === 0) return [];
  const head = withPr ? '| Severity | Rule | Location | Message | In this PR |\n|---|---|---|---|---|' : '| Severity | Rule | Location | Message |\n|---|---|---|---|';
  return [head, ...findings.map((f) => row(f, input.context.get(f), input, withPr))];
}

/** GitHub accepts 1 MiB of job summary per step (counted in bytes). */
export const SUMMARY_LIMIT = 1_000_000;

export function renderSummary(input: ReportInput): string {
  const { result } = input;
  const lines: string[] = ['## policyproof', '', `${countLine(input.findings)} · ${versionLine(result)}`, ''];
  lines.push(...pendingLines(result));
  if (result.pending.length) lines.push('');
  for (const w of input.readiness) lines.push(`> [!WARNING]\n> ${escapeMarkdown(w)}`, '');
  if (input.pr) {
    const pr = input.pr;
    const found = active(input.findings);
    const onLines = found.filter((f) => input.context.get(f)?.changedLine).length;
    lines.push(`Pull request #${pr.number}: ${plural(pr.changedFiles, 'changed file')} (${pr.changedFrom === 'git' ? 'from git diff' : pr.changedFrom === 'api' ? 'from the GitHub API' : 'unknown'}); ${plural(onLines, 'finding')} on changed lines.`);
    if (pr.baseUnavailable) lines.push('', `The base could not be checked (${escapeMarkdown(pr.baseUnavailable)}), so findings are not split into new and existing.`);
    else if (pr.addsPolicy) lines.push('', `This PR adds the policy (the base ${code(pr.baseSha.slice(0, 7))} has none): every finding is new.`);
    else {
      const introduced = found.filter((f) => input.context.get(f)?.introduced).length;
      lines.push('', `${plural(introduced, 'finding')} introduced by this PR, ${found.length - introduced} already on the base ${code(pr.baseSha.slice(0, 7))}, ${pr.fixed.length} fixed.`);
    }
    lines.push('');
  }
  const found = active(input.findings);
  if (found.length === 0) lines.push('No findings. ✅', '');
  else lines.push(...table(found, input, Boolean(input.pr)), '');
  if (input.preview) lines.push(renderPreview(input.preview, result.at), '');
  return truncateMarkdown(lines.join('\n'), SUMMARY_LIMIT, `… the summary was cut at GitHub’s limit; the SARIF file holds every finding.`, 'utf8-bytes');
}

/** GitHub rejects a comment body over 65,536 characters; stay well under it. */
export const COMMENT_LIMIT = 65_000;

export function renderComment(input: ReportInput): string {
  const { result } = input;
  const pr = input.pr!;
  const found = active(input.findings);
  const introduced = pr.baseUnavailable ? found : found.filter((f) => input.context.get(f)?.introduced);
  const existing = pr.baseUnavailable ? [] : found.filter((f) => !input.context.get(f)?.introduced);
  const lines: string[] = [COMMENT_MARKER, '## policyproof', '', `${countLine(input.findings)} · ${versionLine(result)}`, ''];
  lines.push(...pendingLines(result));
  if (result.pending.length) lines.push('');
  if (pr.baseUnavailable) {
    lines.push(`The base could not be checked (${escapeMarkdown(pr.baseUnavailable)}); every finding is listed.`, '');
    lines.push(...table(found, input, true), '');
  } else if (pr.addsPolicy) {
    lines.push(`This PR adds the policy (the base ${code(pr.baseSha.slice(0, 7))} has none): every finding is new.`, '');
    if (found.length) lines.push(`### ${plural(found.length, 'finding')}`, '', ...table(found, input, true), '');
    else lines.push('No findings. ✅', '');
  } else {
    if (introduced.length === 0) lines.push(`This PR introduces no findings. ✅${pr.fixed.length ? ` It fixes ${plural(pr.fixed.length, 'finding')}.` : ''}`, '');
    else {
      lines.push(`### ${plural(introduced.length, 'finding')} introduced by this PR`, '');
      lines.push(...table(introduced, input, true), '');
      if (pr.fixed.length) lines.push(`It also fixes ${plural(pr.fixed.length, 'finding')} of the base.`, '');
    }
    if (existing.length) {
      lines.push(`<details><summary>${plural(existing.length, 'finding')} already on the base</summary>`, '');
      lines.push(...table(existing, input, true), '', '</details>', '');
    }
  }
  if (input.preview) lines.push(renderPreview(input.preview, result.at), '');
  if (input.runUrl) lines.push(`<sub>[Job summary and SARIF of this run](${input.runUrl})</sub>`);
  const footer = `**The comment was cut at GitHub’s size limit.** Every finding is in the [job summary of this run](${input.runUrl ?? '#'}).`;
  return truncateMarkdown(lines.join('\n'), COMMENT_LIMIT, footer);
}
