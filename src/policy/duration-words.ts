/**
 * Durations written in policy prose, in Swedish and English: "60 dagar", "72 timmar", "två veckor",
 * "sextio dagar", "tre dygn", "60 days", "72-hour", "sixty days", "two weeks", "twenty-one days".
 * Numbers are digits or words from 1 to 100. Months and years are found too, but have no exact
 * length (`seconds` undefined): the caller reports them as not comparable.
 */

export interface WrittenDuration {
  /** the words as written, e.g. "60 dagar" */
  phrase: string;
  /** offset of the phrase in the text */
  index: number;
  amount: number;
  unit: 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';
  /** undefined for months and years */
  seconds?: number;
}

const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 } as const;

const UNITS: Record<string, WrittenDuration['unit']> = {};
const addUnits = (unit: WrittenDuration['unit'], words: string[]) => words.forEach((w) => (UNITS[w] = unit));
addUnits('second', ['second', 'seconds', 'sekund', 'sekunder', 'sekunders']);
addUnits('minute', ['minute', 'minutes', 'minut', 'minuter', 'minuters']);
addUnits('hour', ['hour', 'hours', 'timme', 'timmar', 'timmars', 'timmen', 'timmarna']);
addUnits('day', ['day', 'days', 'dag', 'dagar', 'dagars', 'dagen', 'dagarna', 'dygn', 'dygnet', 'dygns']);
addUnits('week', ['week', 'weeks', 'vecka', 'veckor', 'veckors', 'veckan', 'veckorna']);
addUnits('month', ['month', 'months', 'månad', 'månader', 'månaders', 'månaden', 'månaderna']);
addUnits('year', ['year', 'years', 'år', 'års', 'året', 'åren']);

/** number words 1–100, both languages, built from their parts */
const NUMBERS = new Map<string, number>();
(() => {
  const enOnes = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const enTeens = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
  const enTens = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
  const svOnes = ['ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio'];
  const svTeens = ['tio', 'elva', 'tolv', 'tretton', 'fjorton', 'femton', 'sexton', 'sjutton', 'arton', 'nitton'];
  const svTens = ['tjugo', 'trettio', 'fyrtio', 'femtio', 'sextio', 'sjuttio', 'åttio', 'nittio'];
  enOnes.forEach((w, i) => NUMBERS.set(w, i + 1));
  svOnes.forEach((w, i) => NUMBERS.set(w, i + 1));
  NUMBERS.set('en', 1);
  enTeens.forEach((w, i) => NUMBERS.set(w, i + 10));
  svTeens.forEach((w, i) => NUMBERS.set(w, i + 10));
  NUMBERS.set('aderton', 18);
  enTens.forEach((w, i) => {
    NUMBERS.set(w, (i + 2) * 10);
    enOnes.forEach((o, j) => NUMBERS.set(`${w}-${o}`, (i + 2) * 10 + j + 1));
  });
  svTens.forEach((w, i) => {
    NUMBERS.set(w, (i + 2) * 10);
    // Swedish writes 21–99 as one word: tjugoen, tjugoett, sextiosju
    ['en', ...svOnes].forEach((o) => NUMBERS.set(`${w}${o}`, (i + 2) * 10 + (o === 'en' ? 1 : svOnes.indexOf(o) + 1)));
  });
  for (const w of ['hundred', 'one-hundred', 'hundra', 'etthundra']) NUMBERS.set(w, 100);
})();

function numberOf(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  return NUMBERS.get(word);
}

interface Token {
  word: string;
  start: number;
  end: number;
}

/** Every written duration in the text, in order. */
export function findWrittenDurations(text: string): WrittenDuration[] {
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
    const unit = UNITS[unitToken.word];
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
