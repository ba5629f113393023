/**
 * What the checker knows of each language a policy may be written in, read from
 * rules/languages/<tag>.yaml: the language's name, number words and duration units (for
 * words-match-rules) and the verbs that say data is kept (for quoting a promise). The files are
 * data, so a language is added by adding a file; a policy in a language without one is exit 2,
 * naming the file to add. The top-level `page:` key belongs to publish and is ignored here.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { packageRoot } from '../classify/index.js';
import { PolicyError, parseYamlFile, type YamlFile } from './yaml-file.js';
import { schemaProblems, schemasDir, throwProblems, type Validator } from './schema.js';

export type DurationUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
export const DURATION_UNITS: readonly DurationUnit[] = ['second', 'minute', 'hour', 'day', 'week', 'month', 'year'];

export interface LanguageData {
  /** the tag the policy wrote (de-AT), and the file's own tag (de) */
  tag: string;
  fileTag: string;
  /** the language's English name, for messages: Danish */
  name: string;
  native: string;
  /** lower-cased number word → value; compounds with a space or hyphen are stored with "-" */
  numbers: Map<string, number>;
  /** lower-cased unit form → unit */
  units: Map<string, DurationUnit>;
  /** singular and plural of each unit, as written in the file */
  unitNames: Record<DurationUnit, [string, string]>;
  /** lower-cased verbs saying data is kept */
  keeps: string[];
  /** the title `init` gives a new policy */
  policyTitle?: string;
}

/** The folder holding the shipped language files. */
export function languagesDir(): string {
  return path.join(packageRoot(), 'rules', 'languages');
}

/** A BCP 47 tag, as the schemas accept it (da, en, de-AT, zh-Hant-TW). */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** The data file of a tag: its own file when one exists, else its primary language's; undefined when neither does. */
export function languageFileOf(tag: string): string | undefined {
  const dir = languagesDir();
  const candidates = [tag, tag.split('-')[0]!];
  for (const c of candidates) {
    const file = path.join(dir, `${c}.yaml`);
    if (LANGUAGE_TAG.test(c) && existsSync(file)) return file;
  }
  return undefined;
}

/** The languages that have a data file, sorted. */
export function shippedLanguages(): string[] {
  try {
    return readdirSync(languagesDir()).filter((n) => n.endsWith('.yaml')).map((n) => n.slice(0, -5)).sort();
  } catch {
    return [];
  }
}

let validate: Validator | undefined;
function validator(): Validator {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
    validate = ajv.compile(JSON.parse(readFileSync(path.join(schemasDir(), 'language.schema.json'), 'utf8')) as object) as unknown as Validator;
  }
  return validate;
}

const cache = new Map<string, LanguageData>();

/** Thrown when a policy names a language with no data file: exit 2, naming the file to add. */
export function missingLanguage(tag: string, location?: { file: string; line: number; column: number }): PolicyError {
  const shipped = shippedLanguages();
  return new PolicyError(
    `no language data for "${tag}": add rules/languages/${tag.split('-')[0]}.yaml to policyproof (copy rules/languages/en.yaml and translate it; see docs/policy-format.md#languages). Shipped: ${shipped.join(', ')}`,
    location,
  );
}

/** The data of one language, read once per process. Throws a PolicyError when it has no file or the file is malformed. */
export function languageData(tag: string): LanguageData {
  const hit = cache.get(tag);
  if (hit) return hit;
  if (!LANGUAGE_TAG.test(tag)) throw new PolicyError(`"${tag}" is not a BCP 47 language tag (e.g. da, en, de-AT)`);
  const file = languageFileOf(tag);
  if (!file) throw missingLanguage(tag);
  const display = `rules/languages/${path.basename(file)}`;
  const y = parseYamlFile(readFileSync(file, 'utf8'), display);
  throwProblems(schemaProblems(validator(), y));
  const data = build(tag, y);
  cache.set(tag, data);
  return data;
}

type Obj = Record<string, unknown>;

function build(tag: string, y: YamlFile): LanguageData {
  const d = y.data as Obj;
  const fileTag = String(d.tag);
  const expected = path.basename(y.file, '.yaml');
  if (fileTag !== expected) throw new PolicyError(`tag: "${fileTag}" differs from the file name (${expected}.yaml)`, y.locate(['tag']));
  const n = d.numbers as Obj;
  const numbers = new Map<string, number>();
  const norm = (w: string) => w.toLowerCase().trim().replace(/[\s-]+/g, '-');
  for (const [w, v] of Object.entries(n.words as Obj)) numbers.set(norm(w), Number(v));
  const ones = Object.entries((n.ones ?? {}) as Obj);
  const tens = Object.entries((n.tens ?? {}) as Obj);
  for (const pattern of (n.compounds ?? []) as string[]) {
    for (const [t, tv] of tens) {
      for (const [o, ov] of ones) {
        const word = pattern.replace('{tens}', t).replace('{ones}', o);
        if (!numbers.has(norm(word))) numbers.set(norm(word), Number(tv) + Number(ov));
      }
    }
  }
  const u = d.units as Record<DurationUnit, string[]>;
  const units = new Map<string, DurationUnit>();
  const unitNames = {} as Record<DurationUnit, [string, string]>;
  for (const unit of DURATION_UNITS) {
    for (const form of u[unit]) if (!units.has(form.toLowerCase())) units.set(form.toLowerCase(), unit);
    unitNames[unit] = [u[unit][0]!, u[unit][1]!];
  }
  return {
    tag,
    fileTag,
    name: String(d.name),
    native: String(d.native ?? d.name),
    numbers,
    units,
    unitNames,
    keeps: ((d.keeps ?? []) as string[]).map((k) => k.toLowerCase()),
    ...(typeof d['policy-title'] === 'string' ? { policyTitle: d['policy-title'] } : {}),
  };
}

/** "Danish" for a tag (its English name), or the tag itself when no data file names it. */
export function languageName(tag: string): string {
  try {
    return languageData(tag).name;
  } catch {
    return tag;
  }
}

/** "60 dage", "72 timer": a duration in a language's own unit words (its largest whole unit). */
export function durationInWords(seconds: number, lang: string): string {
  const { unitNames } = languageData(lang);
  const units: Array<[number, DurationUnit]> = [[86400, 'day'], [3600, 'hour'], [60, 'minute'], [1, 'second']];
  for (const [size, unit] of units) {
    if (seconds % size === 0 || size === 1) {
      const n = seconds / size;
      return `${n} ${unitNames[unit][n === 1 ? 0 : 1]}`;
    }
  }
  return `${seconds} s`;
}
