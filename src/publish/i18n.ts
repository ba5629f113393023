import { describeDuration } from '../core/duration.js';
import type { DataTypeDefinition, Duration, Promise_, Retention } from '../core/types.js';
/** The page languages publish has wording for (until its wording moves to rules/languages). */
type Lang = 'sv' | 'en';

/** Every fixed word on the site, in both languages. Policy text itself comes from the YAML. */
export const WORDS = {
  sv: {
    languageName: 'Svenska',
    skip: 'Hoppa till innehållet',
    current: 'Gällande version',
    archive: 'Alla versioner',
    contents: 'Innehåll',
    status: 'Status',
    published: 'Publicerad',
    effective: 'Gäller från',
    until: 'Gällde till',
    untilFuture: 'Gäller till',
    version: 'Version',
    summary: 'Sammanfattning',
    changes: 'Ändringar',
    changesFrom: (v: string) => `Ändringar från version ${v}`,
    firstVersion: 'Första versionen',
    readVersion: (v: string) => `Läs version ${v} i sin helhet`,
    untilFurther: 'tills vidare',
    inForceInterval: 'I kraft',
    notYet: 'ännu inte',
    retentionTable: 'Lagringstider',
    retentionCaption: 'Vilka uppgifter vi lagrar, hur länge och vad du själv kan göra',
    category: 'Kategori',
    holds: 'Innehåller',
    retention: 'Lagringstid',
    basis: 'Grund',
    youCan: 'Vad du kan göra',
    noneStated: 'Anges inte',
    noPersonalData: 'Inga personuppgifter angivna',
    nothing: '—',
    readInOther: 'In English',
    noVersion: 'Ingen version av policyn gäller ännu.',
    bannerTitle: 'En ny version av integritetspolicyn är på väg',
    firstBannerTitle: 'Integritetspolicyn börjar snart gälla',
    firstBannerText: (published: string, effective: string, days: string) =>
      `Policyn publicerades ${published} och börjar gälla ${effective}, ${days}.`,
    noVersionUntil: (effective: string) => `Ingen version av policyn gäller ännu. Den första versionen börjar gälla ${effective}.`,
    bannerText: (published: string, effective: string, days: string) =>
      `En ny version publicerades ${published} och börjar gälla ${effective}, ${days}.`,
    daysLeft: (n: number) => (n === 1 ? 'om 1 dag' : `om ${n} dagar`),
    readNew: 'Läs den nya lydelsen',
    readFirst: 'Läs policyn',
    seeDiff: 'Se vad som ändras',
    rightToReject: 'Du har rätt att avvisa ändringarna och säga upp ditt konto utan extra kostnad innan de börjar gälla.',
    readUpdates: 'Läs mer i avsnittet',
    diffTitle: (from: string, to: string) => `Ändringar mellan version ${from} och ${to}`,
    diffLegend: 'Tillagd text är understruken och märkt ”tillagt”, borttagen text är genomstruken och märkt ”borttaget”.',
    added: 'tillagt: ',
    removed: 'borttaget: ',
    unchanged: 'Oförändrade avsnitt',
    newSection: 'Nytt avsnitt',
    removedSection: 'Borttaget avsnitt',
    rulesChanged: 'Lagringstid ändrad',
    before: 'före',
    after: 'efter',
    noChanges: 'Texten är oförändrad.',
    untranslated: 'Avsnittet saknar svensk text; den engelska visas.',
    feed: 'Nyhetsflöde (Atom)',
    data: 'Alla versioner som JSON',
    swedishApplies: '',
    /** on a Swedish page when English is the authoritative language */
    translationNote: 'Detta är en översättning. Den engelska lydelsen av policyn gäller.',
    readAuthoritative: 'Läs den engelska versionen',
    ofThisPage: ' av sidan',
    chooseLanguage: 'Välj språk',
    siteNav: 'Navigering',
    statusOf: { 'in-force': 'Gäller', superseded: 'Ersatt', pending: 'Kommande' },
  },
  en: {
    languageName: 'English',
    skip: 'Skip to content',
    current: 'Current version',
    archive: 'All versions',
    contents: 'Contents',
    status: 'Status',
    published: 'Published',
    effective: 'In force from',
    until: 'In force until',
    untilFuture: 'In force until',
    version: 'Version',
    summary: 'Summary',
    changes: 'Changes',
    changesFrom: (v: string) => `Changes from version ${v}`,
    firstVersion: 'First version',
    readVersion: (v: string) => `Read version ${v} in full`,
    untilFurther: 'until further notice',
    inForceInterval: 'In force',
    notYet: 'not yet',
    retentionTable: 'Retention periods',
    retentionCaption: 'What data we keep, for how long, and what you can do yourself',
    category: 'Category',
    holds: 'Holds',
    retention: 'Retention',
    basis: 'Basis',
    youCan: 'What you can do',
    noneStated: 'Not stated',
    noPersonalData: 'No personal data stated',
    nothing: '—',
    readInOther: 'På svenska',
    noVersion: 'No version of the policy is in force yet.',
    bannerTitle: 'A new version of the privacy policy is coming',
    firstBannerTitle: 'The privacy policy takes effect soon',
    firstBannerText: (published: string, effective: string, days: string) =>
      `The policy was published on ${published} and takes effect on ${effective}, ${days}.`,
    noVersionUntil: (effective: string) => `No version of the policy is in force yet. The first version takes effect on ${effective}.`,
    bannerText: (published: string, effective: string, days: string) =>
      `A new version was published on ${published} and takes effect on ${effective}, ${days}.`,
    daysLeft: (n: number) => (n === 1 ? 'in 1 day' : `in ${n} days`),
    readNew: 'Read the new wording',
    readFirst: 'Read the policy',
    seeDiff: 'See what changes',
    rightToReject: 'You have the right to reject the changes and cancel your account at no extra cost before they take effect.',
    readUpdates: 'Read more in the section',
    diffTitle: (from: string, to: string) => `Changes between version ${from} and ${to}`,
    diffLegend: 'Added text is underlined and marked “added”, removed text is struck through and marked “removed”.',
    added: 'added: ',
    removed: 'removed: ',
    unchanged: 'Unchanged sections',
    newSection: 'New section',
    removedSection: 'Removed section',
    rulesChanged: 'Retention changed',
    before: 'before',
    after: 'after',
    noChanges: 'The text is unchanged.',
    untranslated: 'This section has not been translated yet; the Swedish text is shown.',
    feed: 'News feed (Atom)',
    data: 'All versions as JSON',
    swedishApplies: 'This is a translation. The Swedish wording of the policy applies.',
    /** on an English page when Swedish is the authoritative language */
    translationNote: 'This is a translation. The Swedish wording of the policy applies.',
    readAuthoritative: 'Read the Swedish version',
    ofThisPage: ' of this page',
    chooseLanguage: 'Choose language',
    siteNav: 'Navigation',
    statusOf: { 'in-force': 'In force', superseded: 'Superseded', pending: 'Upcoming' },
  },
} as const;

export type Words = (typeof WORDS)[Lang];

const MONTHS = {
  sv: ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "20 maj 2018" / "20 May 2018": written by hand so the output never depends on the ICU build. */
export function formatDate(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS[lang][m! - 1]} ${y}`;
}

/** Retention in words: "60 dagar", "högst 72 timmar", "90 dagar som standard, valbart". */
export function retentionWords(r: Retention | undefined, lang: Lang): string {
  const sv = lang === 'sv';
  if (!r || (!r.min && !r.max && !r.default && !r.until)) return WORDS[lang].noneStated;
  const parts: string[] = [];
  if (r.until) parts.push(untilWords(r.until, lang));
  if (r.min && r.max && r.min.seconds === r.max.seconds) parts.push(durationWords(r.max, lang));
  else {
    if (r.min) parts.push(`${sv ? 'minst' : 'at least'} ${durationWords(r.min, lang)}`);
    if (r.max) parts.push(`${sv ? 'högst' : 'at most'} ${durationWords(r.max, lang)}`);
  }
  if (r.default) parts.push(`${durationWords(r.default, lang)} ${sv ? 'som standard' : 'by default'}`);
  if (r.configurable) parts.push(sv ? 'valbart' : 'configurable');
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const UNITS: Record<string, [string, string, string, string]> = {
  W: ['vecka', 'veckor', 'week', 'weeks'],
  D: ['dag', 'dagar', 'day', 'days'],
  H: ['timme', 'timmar', 'hour', 'hours'],
  M: ['minut', 'minuter', 'minute', 'minutes'],
  S: ['sekund', 'sekunder', 'second', 'seconds'],
};

/**
 * A duration in the author's unit: PT72H is "72 timmar", not "3 dagar", because that is how the
 * policy's own sentence says it. Mixed durations (P1DT2H) fall back to the largest exact unit.
 */
export function durationWords(d: Duration, lang: Lang): string {
  const m = /^P(?:(\d+)([WD])|T(\d+)([HMS]))$/.exec(d.text);
  if (!m) return describeDuration(d, lang);
  const n = Number(m[1] ?? m[3]);
  const [sv1, svN, en1, enN] = UNITS[m[2] ?? m[4]!]!;
  return lang === 'sv' ? `${n} ${n === 1 ? sv1 : svN}` : `${n} ${n === 1 ? en1 : enN}`;
}

const UNTIL: Record<string, { sv: string; en: string }> = {
  completion: { sv: 'tills uppdraget slutförts', en: 'until the work is completed' },
  'contract-end': { sv: 'tills avtalet upphör', en: 'until the contract ends' },
  unsubscribe: { sv: 'tills du avregistrerar dig', en: 'until you unsubscribe' },
};

function untilWords(until: string, lang: Lang): string {
  const known = UNTIL[until];
  if (known) return known[lang];
  // an event the policy names itself ("account-closed"): its words, not its identifier
  return `${lang === 'sv' ? 'tills' : 'until'} ${until.replace(/[-_]+/g, ' ')}`;
}

const BASES: Record<string, { sv: string; en: string }> = {
  'legal-obligation': { sv: 'Rättslig förpliktelse', en: 'Legal obligation' },
  contract: { sv: 'Avtal', en: 'Contract' },
  consent: { sv: 'Samtycke', en: 'Consent' },
  'legitimate-interest': { sv: 'Berättigat intresse', en: 'Legitimate interest' },
  'vital-interests': { sv: 'Grundläggande intressen', en: 'Vital interests' },
  'public-task': { sv: 'Uppgift av allmänt intresse', en: 'Public task' },
};

/** The legal basis in words, with its source when stated: "Rättslig förpliktelse (LEK (2022:482), PTS)". */
export function basisWords(r: Retention | undefined, lang: Lang): string | undefined {
  if (!r?.basis && !r?.source) return undefined;
  const basis = r.basis ? (BASES[r.basis]?.[lang] ?? r.basis) : '';
  if (basis && r.source) return `${basis} (${r.source})`;
  return basis || r.source;
}

const PROMISES: Record<Promise_, { sv: string; en: string }> = {
  delete: { sv: 'Ta bort uppgifterna', en: 'Delete the data' },
  configure: { sv: 'Välja hur länge de sparas', en: 'Choose how long it is kept' },
  disable: { sv: 'Stänga av lagringen', en: 'Turn storage off' },
};

export function promiseWords(p: Promise_, lang: Lang): string {
  return PROMISES[p]?.[lang] ?? p;
}

/**
 * A data type's name in running text: from the vocabulary (policy.yaml extensions, then
 * rules/data-types.yaml), lower-cased unless it starts with an acronym ("IP-adress" stays).
 */
export function dataTypeName(id: string, lang: Lang, vocabulary: DataTypeDefinition[]): string {
  const name = vocabulary.find((t) => t.id === id)?.name[lang];
  if (!name) return id.replace(/-/g, ' ');
  return name.length > 1 && name[1] === name[1]!.toLowerCase() ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/** Labels for sections that have no heading of their own, by their fixed ids. */
const SECTION_LABELS: Record<string, { sv: string; en: string }> = {
  introduction: { sv: 'Inledning', en: 'Introduction' },
  storage: { sv: 'Var uppgifterna lagras', en: 'Where data is stored' },
};

export function sectionLabel(id: string, lang: Lang): string | undefined {
  return SECTION_LABELS[id]?.[lang];
}
