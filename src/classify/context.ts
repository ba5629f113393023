/**
 * The table a column sits in, as the classifier reads it: which contexts of
 * `settings.contexts` (rules/data-types.yaml) it belongs to. A bare `name` is a person's name only
 * in a table of people, a bare `body` is message content only in a table of messages, an email
 * address in an organisation's table is the organisation's own mailbox.
 */
import { normalizeWord, splitWords } from './words.js';

export interface ContextDefinition {
  /** the table's own word (its last word, past container words such as address or settings) */
  owner: Set<string>;
  /** the table's last word itself, container word or not (SentEmail, TeamEmail: email) */
  lastWord: Set<string>;
  /** any word of the table's name */
  anyWord: Set<string>;
  /**
   * more precise contexts that replace this one, in order: when any of `words` is in the table's
   * name (a message table named with email anywhere, EmailMessage, is a mail table, not an SMS's),
   * or, with `lastOnly`, when it is the table's last word (a mail server's table is a service's,
   * SmtpSettings; its received mail, Imap_Email, is mail between people)
   */
  instead: Array<{ context: string; words: Set<string>; lastOnly: boolean }>;
}

/**
 * The word that says what a table's rows are: its last word, skipping words that only say what
 * part of the thing the table keeps (`customer_addresses` → customer, `TeamEmail` → team,
 * `StockLocationAddress` → location). The last word itself when every word is such a word.
 */
export function ownerWord(words: string[], containers: Set<string>): string | undefined {
  for (let i = words.length - 1; i >= 0; i--) if (!containers.has(words[i])) return words[i];
  return words[words.length - 1];
}

/**
 * Words of a table name without its schema (`public.customer_address` → customer, address), and
 * without a version or a number (`AnswerV2`, `users_v2`, `messages2`: answer, user, message).
 */
export function tableWords(table: string): string[] {
  const base = table.slice(table.lastIndexOf('.') + 1);
  const words = splitWords(base).map(normalizeWord);
  const named = words.filter((w, i) => !/^\d+$/.test(w) && !(w === 'v' && /^\d+$/.test(words[i + 1] ?? '')));
  return named.length > 0 ? named : words;
}

/** The contexts a table belongs to, with the word that put it there (for the reason). */
export function contextsOf(table: string, contexts: Map<string, ContextDefinition>, containers: Set<string>): Map<string, string> {
  const words = tableWords(table);
  const out = new Map<string, string>();
  if (words.length === 0) return out;
  const owner = ownerWord(words, containers);
  const last = words[words.length - 1];
  for (const [id, def] of contexts) {
    if (owner !== undefined && def.owner.has(owner)) out.set(id, owner);
    else if (def.lastWord.has(last)) out.set(id, last);
    else {
      const any = words.find((w) => def.anyWord.has(w));
      if (any !== undefined) out.set(id, any);
    }
  }
  for (const [id, def] of contexts) {
    if (!out.has(id)) continue;
    for (const { context: other, words: otherWords, lastOnly } of def.instead) {
      const word = lastOnly ? (otherWords.has(last) ? last : undefined) : words.find((w) => otherWords.has(w));
      if (word === undefined) continue;
      out.delete(id);
      if (!out.has(other)) out.set(other, word);
      break;
    }
  }
  return out;
}
