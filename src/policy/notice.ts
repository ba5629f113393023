import type { Duration, Policy, PolicyVersion } from '../core/types.js';
import { noticeSection } from './lifecycle.js';
import { addDays, daysBetween } from './timeline.js';

/** The notice check of SPEC §2 for one version (the rule, `policy new` and the PR preview share it). */
export interface NoticeCheck {
  /** the version in force when this one was published, whose notice binds */
  binding: PolicyVersion;
  notice: Duration;
  published: string;
  effective: string;
  /** published + notice: the earliest lawful effective date */
  earliest: string;
  /** days between publication and effect */
  days: number;
  ok: boolean;
}

/**
 * The version whose notice binds `v`: the one in force on the day `v` was published (not `v`
 * itself), else — when `v` was published before any version took effect — the version before it.
 * Undefined for the first version, which no earlier version bound.
 */
export function bindingVersion(policy: Policy, v: PolicyVersion): PolicyVersion | undefined {
  const versions = policy.versions;
  const i = versions.indexOf(v);
  if (i <= 0) return undefined;
  let binding: PolicyVersion | undefined;
  for (const other of versions) if (other !== v && other.effective <= v.published) binding = other;
  return binding ?? versions[i - 1];
}

/** The notice check for `v`, or undefined when nothing binds it (the first version, or no notice stated). */
export function noticeCheck(policy: Policy, v: PolicyVersion): NoticeCheck | undefined {
  const binding = bindingVersion(policy, v);
  const notice = binding ? noticeSection(binding)?.notice : undefined;
  if (!binding || !notice) return undefined;
  const days = daysBetween(v.published, v.effective);
  return {
    binding,
    notice,
    published: v.published,
    effective: v.effective,
    earliest: addDays(v.published, Math.ceil(notice.seconds / 86400)),
    days,
    ok: days * 86400 >= notice.seconds,
  };
}
