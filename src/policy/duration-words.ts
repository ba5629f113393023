/**
 * Durations written in policy prose, in the policy's languages: "60 dagar", "72 timmar", "två
 * veckor", "sextio dagar", "tre dygn", "60 days", "72-hour", "twenty-one days", "enogtyve dage",
 * "60 päivää", "einundzwanzig Tage". Numbers are digits or the number words of the language's data
 * file (rules/languages/<tag>.yaml). Months and years are found too, but have no exact length
 * (`seconds` undefined): the caller reports them as not comparable.
 */
import { languageData, type DurationUnit } from './languages.js';

export interface WrittenDuration {
  /** the words as written, e.g. "60 dagar" */
  phrase: string;
  /** offset of the phrase in the text */
  index: number;
  amount: number;
  unit: DurationUnit;
  /** undefined for months and years */
  seconds?: number;
}

const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 } as const;

interface Token {
  word: string;
  start: number;
  end: number;
}

/** Every written duration in a text of the language `lang` (a BCP 47 tag), in order. */
export function findWrittenDurations(text: string, lang: string): WrittenDuration[] {
  const { numbers, units } = languageData(lang);
  const numberOf = (word: string) => (/^\d+$/.test(word) ? Number(word) : numbers.get(word));
  const tokens: Token[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) tokens.push({ word: m[0].toLowerCase(), start: m.index!, end: m.index! + m[0].length });
  // only spaces or a single hyphen may stand between a number and its parts / its unit
  const joined = (a: Token, b: Token) => /^(\s+|\s*-\s*)$/.test(text.slice(a.end, b.start));
  const out: WrittenDuration[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i]!;
    let amount = numberOf(first.word);
    if (amount === undefined) continue;
    let j = i + 1;
    // "twenty-one", "twenty one", "one hundred"
    const next = tokens[j];
    if (next && joined(first, next)) {
      const compound = numberOf(`${first.word}-${next.word}`);
      if (compound !== undefined && !/^\d/.test(first.word)) {
        amount = compound;
        j++;
      }
    }
    const unitToken = tokens[j];
    if (!unitToken || !joined(tokens[j - 1]!, unitToken)) continue;
    const unit = units.get(unitToken.word);
    if (!unit) continue;
    const d: WrittenDuration = { phrase: text.slice(first.start, unitToken.end), index: first.start, amount, unit };
    if (unit !== 'month' && unit !== 'year') d.seconds = amount * UNIT_SECONDS[unit];
    out.push(d);
    i = j;
  }
  return out;
}

/** The sentence of `text` around `index`, trimmed (for quoting a promise). */
export function sentenceAt(text: string, index: number): string {
  const before = text.slice(0, index);
  const startMatch = /[.!?]\s+(?=[^.!?]*$)/.exec(before);
  const start = startMatch ? startMatch.index + startMatch[0].length : 0;
  const endRel = text.slice(index).search(/[.!?](\s|$)/);
  const end = endRel < 0 ? text.length : index + endRel + 1;
  return text.slice(start, end).replace(/\s+/g, ' ').trim();
}

/**
 * The shortest and longest spans, in seconds, that `amount` calendar months or years can be
 * (6 months: 181–184 days; 7 years: 2556–2557 days), over every start month of a leap cycle.
 * A policy must write P2557D (months and years are refused in rules); its text may say "7 år".
 */
export function calendarSpan(amount: number, unit: 'month' | 'year'): { min: number; max: number } {
  const months = unit === 'year' ? amount * 12 : amount;
  let min = Infinity;
  let max = 0;
  for (let year = 2001; year < 2029; year++) {
    for (let month = 0; month < 12; month++) {
      const days = (Date.UTC(year, month + months, 1) - Date.UTC(year, month, 1)) / 86400_000;
      min = Math.min(min, days);
      max = Math.max(max, days);
    }
  }
  return { min: min * 86400, max: max * 86400 };
}
