import { Pair, Scalar, YAMLMap, isMap, isScalar, parseDocument } from 'yaml';
import { describeDuration, parseDuration } from '../core/duration.js';
import type { Duration, Policy } from '../core/types.js';
import { noticeSection, policyLanguages } from './lifecycle.js';
import { addDays, versionInForce } from './timeline.js';
import { languageName } from './languages.js';
import { PolicyError } from './yaml-file.js';

/** The notice assumed when no version states one. */
export const DEFAULT_NOTICE = 'P30D';

/** The placeholder summary: `missing-summary` fails until it is replaced in both languages. */
export const SUMMARY_PLACEHOLDER = 'TODO';

export interface NewVersion {
  /** repository-relative path of the new version file */
  file: string;
  text: string;
  version: string;
  published: string;
  effective: string;
  /** the notice that binds the new version, and the version promising it */
  notice: Duration;
  noticeFrom?: string;
  /** what to tell the user (one paragraph) */
  message: string;
}

/**
 * `policyproof policy new`: the next version, copied from the latest one, published `today` and
 * effective after the notice promised by the version in force today. The summary is a TODO
 * placeholder in both languages, which `missing-summary` refuses until it is written.
 */
export function newVersion(policy: Policy, today: string): NewVersion {
  const latest = policy.versions[policy.versions.length - 1];
  if (!latest) throw new PolicyError(`${policy.dir}: the policy has no version to copy`);
  const binding = versionInForce(policy, today) ?? latest;
  const notice = noticeSection(binding)?.notice ?? parseDuration(DEFAULT_NOTICE);
  let effective = addDays(today, Math.ceil(notice.seconds / 86400));
  // effective dates strictly increase: come after any version already pending
  if (effective <= latest.effective) effective = addDays(latest.effective, 1);
  const file = `${policy.dir === '.' ? '' : `${policy.dir}/`}versions/${effective}.yaml`;
  if (policy.versions.some((v) => v.version === effective || v.file === file)) {
    throw new PolicyError(`${file}: a version taking effect on ${effective} already exists`);
  }

  const doc = parseDocument(latest.raw, { version: '1.2', schema: 'core' });
  if (!isMap(doc.contents)) throw new PolicyError(`${latest.file}: not a YAML mapping`);
  const map = doc.contents as unknown as YAMLMap<unknown, unknown>;
  // The latest file's opening comment describes that version; keep only the editor's schema line.
  const firstKey = map.items[0]?.key;
  const opening = [doc.commentBefore, isScalar(firstKey) ? firstKey.commentBefore : undefined].filter(Boolean).join('\n');
  const header = opening.split('\n').filter((l) => /yaml-language-server/.test(l));
  header.push(` Version ${effective}: published ${today}, in force from ${effective}.`);
  doc.commentBefore = null;
  if (isScalar(firstKey)) firstKey.commentBefore = header.join('\n');
  else doc.commentBefore = header.join('\n');
  const setScalar = (key: string, value: string) => {
    const node: unknown = map.get(key, true);
    if (isScalar(node)) {
      node.value = value;
      node.type = Scalar.PLAIN;
      node.comment = undefined;
    } else map.set(key, value);
  };
  setScalar('version', effective);
  setScalar('published', today);
  setScalar('effective', effective);

  // a placeholder in each language the policy is written in (a Swedish-only policy gets no English)
  const languages = policyLanguages(policy);
  const summary = new YAMLMap();
  for (const lang of languages) summary.set(lang, SUMMARY_PLACEHOLDER);
  const existing = map.items.findIndex((p) => isScalar(p.key) && p.key.value === 'summary');
  const pair = new Pair(new Scalar('summary'), summary);
  (pair.key as Scalar).commentBefore = ` TODO: what changed and why, in ${inWords(languages)} (validation fails until written)`;
  if (existing >= 0) map.items.splice(existing, 1, pair);
  else {
    const after = map.items.findIndex((p) => isScalar(p.key) && p.key.value === 'effective');
    map.items.splice(after + 1, 0, pair);
  }
  const text = doc.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false });
  const promised = noticeSection(binding)?.notice;
  const message =
    `Wrote ${file}: a copy of version ${latest.version}, published ${today}, in force from ${effective} ` +
    `(${promised ? `the ${describeDuration(notice)} of notice that version ${binding.version} promises` : `${describeDuration(notice)} of notice: no version states one`}). ` +
    `Edit the text, then write the summary in ${inWords(languages)}: \`policyproof policy validate\` fails (missing-summary) while it says ${SUMMARY_PLACEHOLDER}.`;
  return { file, text, version: effective, published: today, effective, notice, ...(promised ? { noticeFrom: binding.version } : {}), message };
}

function inWords(languages: readonly string[]): string {
  return languages.map(languageName).join(' and ');
}
