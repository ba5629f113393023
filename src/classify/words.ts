/** Identifiers as words: the one reading of names that the classifier, its vocabulary and its contexts share. */

/** Words of an identifier: snake_case, camelCase, kebab-case, digits; lower-cased, å/ä/ö folded. */
export function splitWords(identifier: string): string[] {
  return identifier
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[øØ]/g, 'o')
    .replace(/[æÆ]/g, 'ae')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .replace(/(\d)([a-zA-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Plurals read as singulars: addresses → address, ips → ip, numbers → number (status, address stay);
 * the Swedish plurals of the vocabulary's words too: adresser → adress (epostadresser, gatuadresser),
 * meddelanden → meddelande, personer → person (kontaktpersoner).
 */
export function normalizeWord(word: string): string {
  if (word.endsWith('adresser')) return word.slice(0, -2);
  if (word.endsWith('meddelanden')) return word.slice(0, -1);
  if (word.endsWith('personer')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('sses')) return word.slice(0, -2);
  // boxes → box, inboxes → inbox, prefixes → prefix, hashes → hash
  if (word.length > 4 && /(xes|shes)$/.test(word)) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  // acronyms that end in s are no plurals (sms, mms, gps, dns)
  if (ACRONYMS.has(word)) return word;
  if (word.length > 2 && word.endsWith('s') && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

const ACRONYMS = new Set(['sms', 'mms', 'gps', 'dns', 'cms', 'kms', 'rss', 'aws', 'ios', 'nas', 'sas', 'cors']);

/** "phone number" / "*telefonnummer" → words, keeping a leading `*` (suffix match). */
export function patternWords(pattern: string): string[] {
  const text = String(pattern).trim();
  if (text.startsWith('*')) {
    const rest = splitWords(text.slice(1)).join('');
    return rest ? [`*${rest}`] : [];
  }
  return splitWords(text);
}
