/** A person's name as a new contact's First name / Last name fields. */
export interface PersonName {
  readonly firstName: string;
  readonly lastName: string;
}

/**
 * Guesses first and last name of a sender for the "Create contact" form, which the
 * rep checks before saving. The display name wins: "Jordan Avery", "Avery, Jordan",
 * "\"Jordan Avery\" (Acme)". With no usable display name (empty, or just the
 * address), the address's local part: "jordan.avery@…" → Jordan / Avery. One word
 * becomes the first name; everything after the first word is the last name.
 */
export function splitDisplayName(displayName: string, email: string = ''): PersonName {
  const name = cleanDisplayName(displayName);
  const lastCommaFirst = /^([^,]+),([^,]+)$/.exec(name);
  if (lastCommaFirst) return { firstName: (lastCommaFirst[2] ?? '').trim(), lastName: (lastCommaFirst[1] ?? '').trim() };
  const words = name.split(' ').filter((w) => w !== '');
  if (words.length >= 2) return fromWords(words);
  const fromEmail = localPartWords(email);
  if (fromEmail.length >= 2 || words.length === 0) return fromWords(fromEmail);
  return fromWords(words);
}

function fromWords(words: readonly string[]): PersonName {
  const [first = '', ...rest] = words;
  return { firstName: first, lastName: rest.join(' ') };
}

/** Drops quotes, "(Company)" or "[External]" notes and a bare address used as the name. */
function cleanDisplayName(displayName: string): string {
  const text = displayName
    .replace(/\([^)]*\)|\[[^\]]*\]|<[^>]*>/g, ' ')
    .replace(/["“”]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'(.*)'$/, '$1')
    .trim();
  return text.includes('@') ? '' : text;
}

/** "jordan.avery2@x" → ["Jordan", "Avery"]; "anna-lena_schmidt@x" → ["Anna-Lena", "Schmidt"]. */
function localPartWords(email: string): string[] {
  const at = email.indexOf('@');
  const local = (at >= 0 ? email.slice(0, at) : email).replace(/\+.*$/, '').trim();
  return local
    .split(/[._\s]+/)
    .map((w) => w.replace(/\d+/g, '').replace(/^-+|-+$/g, ''))
    .filter((w) => w !== '')
    .map((w) => w.split('-').map(capitalize).join('-'));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}
