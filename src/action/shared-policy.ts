/**
 * The Action and a shared policy (issue 17): what it says about the reference before the check —
 * a branch that is not reproducible, a source with versions the pin lacks — and the note for a
 * pull request from a fork whose token cannot read a private policy repository.
 */
import type { ActionEvent } from './event.js';

export interface SharedPolicyView {
  reference: { text: string };
  warnings: string[];
}

export interface OutdatedView {
  newer: string[];
  versionsMissing: string[];
  latest?: string;
  pinned: string;
}

/** A version published upstream binds this repository from its effective date: say so before it does. */
export function outdatedWarning(source: SharedPolicyView, report: OutdatedView): string | undefined {
  if (!report.newer.length) return undefined;
  const versions = report.versionsMissing.length
    ? `; it adds policy version${report.versionsMissing.length === 1 ? '' : 's'} ${report.versionsMissing.join(', ')}, which bind${report.versionsMissing.length === 1 ? 's' : ''} this repository from ${report.versionsMissing.length === 1 ? 'its' : 'their'} effective date`
    : '';
  return `policyproof: the shared policy ${source.reference.text} has ${report.newer.length === 1 ? 'a newer version' : 'newer versions'} (${report.newer.join(', ')}) than the pinned ${report.pinned}${versions}. Check against it: policy: ${report.latest ?? ''} (policyproof policy outdated)`;
}

/**
 * A pull request from a fork gets a read-only token without the secrets a private policy
 * repository needs: that is a note, not a failure.
 */
export function forkNote(err: Error, event: ActionEvent): string | undefined {
  if (err.constructor.name !== 'SourceUnreadableError' || event.kind !== 'pull_request' || !event.fromFork) return undefined;
  return `policyproof: this pull request comes from a fork, and its token cannot read the shared policy (${err.message}). Nothing was checked here; the check runs on pushes and on pull requests from branches of this repository.`;
}
