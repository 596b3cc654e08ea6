/**
 * Text as the list indexes compare it: compatibility-decomposed, accents and other
 * combining marks removed, lower-cased, runs of white space made one space. "Ærøskøbing"
 * and "AERØSKØBING" fold alike, as Intl.Collator's base sensitivity would compare them,
 * but the result is a plain string IndexedDB can order and range over.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
