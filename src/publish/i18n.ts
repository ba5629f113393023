import type { DataTypeDefinition, Duration, Retention } from '../core/types.js';
import { fill, wordsFor, type GlanceShape, type PageWords, type UnitForms } from './words.js';

/**
 * The site's words in running text, built from the wording of rules/languages/<tag>.yaml (`page:`).
 * Policy text itself comes from the YAML of the policy.
 */

export const words = (lang: string): PageWords => wordsFor(lang);

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "20 maj 2018" / "20. Mai 2018": written by hand so the output never depends on the ICU build. */
export function formatDate(date: string, lang: string): string {
  const w = words(lang);
  const [y, m, d] = date.split('-').map(Number);
  return fill(w.date, { day: String(d), month: w.months[m! - 1]!, year: String(y) });
}

/** "om 22 dagar" / "in 1 day". */
export function daysLeft(n: number, lang: string): string {
  const w = words(lang);
  return fill(n === 1 ? w.daysLeft.one : w.daysLeft.other, { n: String(n) });
}

const SECONDS: Array<[string, number]> = [['W', 604_800], ['D', 86_400], ['H', 3_600], ['M', 60], ['S', 1]];

/**
 * A duration in the author's unit: PT72H is "72 timmar", not "3 dagar", because that is how the
 * policy's own sentence says it. Mixed durations (P1DT2H) fall back to the largest exact unit.
 * `form` asks for a grammatical form the language's units name ("dat": "14 Tagen").
 */
export function durationWords(d: Duration, lang: string, form?: string): string {
  const m = /^P(?:(\d+)([YWD])|T(\d+)([HMS]))$/.exec(d.text);
  let n: number;
  let unit: string;
  if (m) {
    n = Number(m[1] ?? m[3]);
    unit = m[2] ?? m[4]!;
  } else {
    const [u, size] = SECONDS.find(([, s]) => d.seconds % s === 0) ?? ['S', 1];
    n = d.seconds / size;
    unit = u;
  }
  const forms: UnitForms = words(lang).units[unit]!;
  const named = form ? forms[form] : undefined;
  const chosen = typeof named === 'object' ? named : forms;
  return `${n} ${n === 1 ? chosen.one : chosen.other}`;
}

/** Retention in words for the table: "60 dagar", "högst 72 timmar", "90 dagar som standard, valbart". */
export function retentionWords(r: Retention | undefined, lang: string): string {
  const w = words(lang);
  if (!r || (!r.min && !r.max && !r.default && !r.until)) return w.noneStated;
  const parts: string[] = [];
  if (r.until) parts.push(eventWords(w.untilEvent, r.until));
  if (r.min && r.max && r.min.seconds === r.max.seconds) parts.push(durationWords(r.max, lang));
  else {
    if (r.min) parts.push(fill(w.atLeast, { duration: durationWords(r.min, lang) }));
    if (r.max) parts.push(fill(w.atMost, { duration: durationWords(r.max, lang) }));
  }
  if (r.default) parts.push(fill(w.byDefault, { duration: durationWords(r.default, lang) }));
  if (r.configurable) parts.push(w.configurable);
  return capitalize(parts.join(', '));
}

/** An event a retention lasts until: a known one in words, one the policy names itself by its words. */
function eventWords(table: Record<string, string>, until: string): string {
  return table[until] ?? fill(table.other!, { event: until.replace(/[-_]+/g, ' ') });
}

/** Which sentence of `kept:` says a retention in plain words. */
export function glanceShape(r: Retention | undefined): GlanceShape {
  if (!r) return 'none';
  if (r.until) return r.max ? 'until-max' : 'until';
  if (r.default) return r.configurable ? 'default-configurable' : 'default';
  if (r.min && r.max) return r.min.seconds === r.max.seconds ? 'fixed' : 'min-max';
  if (r.max) return r.configurable ? 'max-configurable' : 'max';
  if (r.min) return 'min';
  return r.configurable ? 'configurable' : 'none';
}

/** Retention in plain words for "at a glance": "deleted after 14 days", "kept 60 days, required by law". */
export function glanceRetention(r: Retention | undefined, lang: string): string {
  const w = words(lang);
  const dur = (d: Duration | undefined) => (form?: string) => (d ? durationWords(d, lang, form) : '');
  const text = fill(w.kept[glanceShape(r)], {
    duration: dur(r?.max ?? r?.default ?? r?.min),
    min: dur(r?.min),
    max: dur(r?.max),
    until: r?.until ? eventWords(w.untilWhen, r.until) : '',
  });
  return r?.basis === 'legal-obligation' ? fill(w.kept['by-law'], { retention: text }) : text;
}

/** The legal basis in words, with its source when stated: "Rättslig förpliktelse (LEK (2022:482), PTS)". */
export function basisWords(r: Retention | undefined, lang: string): string | undefined {
  if (!r?.basis && !r?.source) return undefined;
  const basis = r.basis ? (words(lang).bases[r.basis] ?? r.basis) : '';
  if (basis && r.source) return `${basis} (${r.source})`;
  return basis || r.source;
}

/** What a reader can do, in running text ("ta bort uppgifterna"). */
export function promiseWords(p: string, lang: string): string {
  return words(lang).promises[p] ?? p;
}

/** Where data is stored, in words ("inom EU", "in SE"). */
export function storedWords(jurisdiction: string, lang: string): string {
  const stored = words(lang).stored;
  return stored[jurisdiction] ?? fill(stored.other!, { place: jurisdiction });
}

/**
 * A data type's name in running text: from the vocabulary (policy.yaml extensions, then
 * rules/data-types.yaml), lower-cased unless it starts with an acronym ("IP-adress" stays).
 * A name missing in the page's language is the English one.
 */
export function dataTypeName(id: string, lang: string, vocabulary: DataTypeDefinition[]): string {
  const names = vocabulary.find((t) => t.id === id)?.name as Record<string, string | undefined> | undefined;
  const name = names?.[lang] ?? names?.en;
  if (!name) return id.replace(/-/g, ' ');
  if (!words(lang).lowercaseNames) return name;
  return name.length > 1 && name[1] === name[1]!.toLowerCase() ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/** Labels for sections that have no heading of their own, by their fixed ids. */
export function sectionLabel(id: string, lang: string): string | undefined {
  return (words(lang).sectionLabels as Record<string, string>)[id];
}
