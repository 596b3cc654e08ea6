/**
 * Text as the list indexes compare it: compatibility-decomposed, accents and other
 * combining marks removed, lower-cased, runs of white space made one space. "Ærøskøbing"
 * and "AERØSKØBING" fold alike, as Intl.Collator's base sensitivity would compare them,
 * but the result is a plain string IndexedDB can order and range over.
 */
export function foldText(text: string): string {
  // Printable ASCII has nothing to decompose or strip: most CRM text skips the costly part
  // (a first sync folds every record's names, and its garbage shows in the pane's peak heap).
  const bare = PRINTABLE_ASCII.test(text) ? text : text.normalize('NFKD').replace(/\p{M}+/gu, '');
  return bare.toLowerCase().replace(/\s+/g, ' ').trim();
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
